/**
 * Commands over prism-label: labeling-function analysis and label models.
 */
package dev.prism.cli.label;
