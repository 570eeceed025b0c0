/**
 * Prism's domain and SPI, free of heavy dependencies: every other module builds on it.
 */
package dev.prism.core;
