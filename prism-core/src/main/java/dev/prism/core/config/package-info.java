/**
 * Documented configuration keys (name, default, validator, doc) and resolved configurations: defaults < file < environment < overrides.
 */
package dev.prism.core.config;
