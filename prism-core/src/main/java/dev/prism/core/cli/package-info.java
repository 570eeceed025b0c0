/**
 * Conventions shared by every command-line entry point (exit codes); no command-line library lives here.
 */
package dev.prism.core.cli;
