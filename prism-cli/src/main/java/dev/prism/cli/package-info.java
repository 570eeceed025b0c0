/**
 * The prism command: its root, the one error handler and help layout, and the signal commands (score, serve, demo, snapshot, contracts, config, bench).
 */
package dev.prism.cli;
