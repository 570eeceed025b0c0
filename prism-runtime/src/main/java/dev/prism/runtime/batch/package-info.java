/**
 * The streaming batch runner (read, batch, resolve media, run, write) and the file-to-file scoring job with resume.
 */
package dev.prism.runtime.batch;
