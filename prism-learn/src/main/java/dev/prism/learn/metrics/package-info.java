/**
 * Offline binary metrics (accuracy … ECE), curves, threshold tables, and bootstrap intervals:
 * percentile, or bias-corrected for ECE, and paired differences of two models (this minus other).
 */
package dev.prism.learn.metrics;
