/**
 * Shared file and wire formats: CSV reading and writing with line numbers, the JSON forms of values, provenance and contracts.
 */
package dev.prism.core.io;
