/**
 * Terminal output helpers of the commands (the progress bar).
 */
package dev.prism.cli.io;
