/**
 * Evaluation reports: predictions in and out, the evaluator (metrics with intervals, slices,
 * comparison with another model), and rendering as one self-contained HTML page and as JSON.
 */
package dev.prism.learn.report;
