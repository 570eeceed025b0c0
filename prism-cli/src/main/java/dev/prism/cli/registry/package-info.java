/**
 * {@code prism models}: the model registry (prism-registry) from the command line.
 */
package dev.prism.cli.registry;
