/**
 * The training and scoring entry points that tie the lower packages together: {@link
 * dev.prism.learn.HeadTrainer} (features → standardizer → head → calibration), {@link
 * dev.prism.learn.SnapshotTraining} (a snapshot in, a head artifact out) and {@link
 * dev.prism.learn.Scoring}. Only {@code quality} (cross-validation trains heads) and the commands
 * build on it.
 */
package dev.prism.learn;
