/**
 * Reading label data files: {@link dev.prism.label.io.CsvTable} over prism-core's CSV reader, and
 * {@link dev.prism.label.io.LabelDataException}, the error every reader of this module throws, naming
 * the file, line and item.
 */
package dev.prism.label.io;
