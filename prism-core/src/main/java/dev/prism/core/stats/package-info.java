/**
 * Two-sample statistics for monitoring and guardrails: population stability index, Kolmogorov–Smirnov,
 * Jensen–Shannon, Wasserstein-1, Pearson chi-squared and ROC AUC. Plain Java, no dependencies; see
 * STATS.md beside this file for the definitions and their conventions.
 */
package dev.prism.core.stats;
