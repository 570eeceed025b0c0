/**
 * Monitoring of served signals: configuration keys ({@link dev.prism.monitor.MonitorConfig}) and the
 * events a breach fires ({@link dev.prism.monitor.DriftEvents}); the log, drift statistics, reports
 * and prevalence estimation are in the subpackages. See MONITORING.md.
 */
package dev.prism.monitor;
