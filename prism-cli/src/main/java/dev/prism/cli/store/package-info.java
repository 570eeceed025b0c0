/**
 * Commands over prism-store: importing, exporting and inspecting labels, annotator agreement.
 */
package dev.prism.cli.store;
