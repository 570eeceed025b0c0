/**
 * Prevalence estimation from a signal's scores and a small human-labelled sample drawn by score
 * stratum: the sample design, and the stratified (inverse-probability weighted) estimate with its
 * confidence interval. See MONITORING.md.
 */
package dev.prism.monitor.prevalence;
