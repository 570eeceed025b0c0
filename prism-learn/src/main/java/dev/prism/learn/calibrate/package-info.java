/**
 * Probability calibration fitted on the validation split and applied after a head: Platt scaling,
 * isotonic regression, one-vs-rest for more than two classes.
 */
package dev.prism.learn.calibrate;
