package dev.prism.store.io;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What an import did.
 *
 * @param rowsRead data rows seen (header and blank lines excluded)
 * @param rowsImported rows whose labels were all written
 * @param rowsFailed rows skipped because of an error
 * @param labelsWritten labels written (a WRENCH row gives one per non-abstaining LF plus the gold)
 * @param errors the first {@link LabelImporter#MAX_REPORTED_ERRORS} errors, in file order
 * @param fileError a problem with the file as a whole (empty, missing column, unreadable JSON),
 *     or null; rows after it were not read
 */
public record ImportReport(
    Path file, String task, String format, long rowsRead, long rowsImported, long rowsFailed, long labelsWritten,
    List<ImportError> errors, ImportError fileError, Duration elapsed) {

  public ImportReport {
    errors = List.copyOf(errors);
  }

  /** True when every row was imported and the file had no problem. */
  public boolean ok() {
    return rowsFailed == 0 && fileError == null;
  }

  /** One line for people. */
  public String summary() {
    return String.format("%s: %d rows read, %d imported, %d failed, %d labels written into task '%s' (%s, %d ms)%s",
        file, rowsRead, rowsImported, rowsFailed, labelsWritten, task, format, elapsed.toMillis(),
        fileError == null ? "" : "; stopped: " + fileError.message());
  }
}
