/**
 * Signals as APIs: specs (name@major), contracts and their registry, typed values with one codec per kind, provenance of every value.
 */
package dev.prism.core.signal;
