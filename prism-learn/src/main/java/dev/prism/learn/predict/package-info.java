/**
 * The complete prediction pipeline of a trained head, {@link dev.prism.learn.predict.HeadModel}:
 * feature layout, standardizer, head, calibration and class names. Training, evaluation, artifacts
 * and serving all predict through it; it sits below them so none of them depends on another for it.
 */
package dev.prism.learn.predict;
