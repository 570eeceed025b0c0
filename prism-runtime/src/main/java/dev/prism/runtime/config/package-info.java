/**
 * The complete list of configuration keys of a Prism process and its loading.
 */
package dev.prism.runtime.config;
