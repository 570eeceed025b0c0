package dev.prism.core.data;

import dev.prism.core.io.CsvReader;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The YouTube Spam Collection bundled in {@code datasets/youtube_spam_collection} (Alberto et al.,
 * ICMLA 2015; see {@code datasets/README.md}): five CSV files {@code COMMENT_ID, AUTHOR, DATE,
 * CONTENT, CLASS}, and the Snorkel tutorial / WRENCH split in {@code
 * snorkel_tutorial_split_derived.csv}. The one reader of it, for the demo, the benchmark and every
 * test that needs real comments.
 *
 * <p>Reading is strict, because the files are bundled and every caller wants all of them: a row
 * with the wrong number of fields, a CLASS other than 0 or 1, or a split row that does not match
 * its file is an {@link IllegalArgumentException} naming the file and line.
 */
public final class YoutubeSpamCollection {

  /** The folder under {@code datasets/}. */
  public static final String DIRECTORY = "youtube_spam_collection";
  /** The split index: which comment is in which split, at which position (the WRENCH id). */
  public static final String SPLIT_FILE = "snorkel_tutorial_split_derived.csv";
  /** The comment files, one per video: {@code Youtube01-Psy.csv} … {@code Youtube05-Shakira.csv}. */
  public static final Pattern COMMENT_FILE = Pattern.compile("Youtube\\d+-.*\\.csv");

  private static final List<String> COLUMNS = List.of("COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "CLASS");
  private static final List<String> SPLIT_COLUMNS = List.of("snorkel_split", "position_in_split", "source_file", "row_in_file",
      "COMMENT_ID", "label");

  private YoutubeSpamCollection() {}

  /**
   * One comment, as its file has it.
   *
   * @param file the file name, e.g. {@code Youtube01-Psy.csv}
   * @param row 0-based data row in the file (the header is not a row)
   * @param line 1-based line the row starts on (CONTENT may span lines)
   * @param commentId COMMENT_ID, stripped; not unique across the collection (3 repeats)
   * @param spam CLASS: 1 spam, 0 ham
   */
  public record Comment(String file, int row, long line, String commentId, String author, String date, String content, int spam) {

    /** The file name without {@code .csv}, e.g. {@code Youtube01-Psy}. */
    public String video() {
      return file.endsWith(".csv") ? file.substring(0, file.length() - 4) : file;
    }

    /** {@code video:COMMENT_ID:line}, unique in the collection. */
    public String uniqueId() {
      return video() + ":" + commentId + ":" + line;
    }

    /**
     * The comment as a content item: id {@link #uniqueId()}, CONTENT as the description, metadata
     * AUTHOR, DATE, CLASS and {@code source} (the video).
     */
    public ContentItem item() {
      Map<String, String> meta = new HashMap<>();
      meta.put("AUTHOR", author);
      meta.put("DATE", date);
      meta.put("CLASS", Integer.toString(spam));
      meta.put("source", video());
      return new ContentItem(uniqueId(), "", content, "", MediaRef.NONE, meta);
    }
  }

  /**
   * A comment's place in the Snorkel tutorial split.
   *
   * @param split {@code train}, {@code valid}, {@code test} or {@code dev_subset_of_train} (100
   *     train comments repeated)
   * @param position 0-based position in the split: the item id in the WRENCH files
   */
  public record SplitComment(String split, int position, Comment comment) {}

  /**
   * The bundled collection's folder: {@code datasets/youtube_spam_collection} in the working
   * directory or the nearest folder above it (tests run in a module folder, the CLI at the root).
   *
   * @throws IllegalStateException when there is none
   */
  public static Path find() {
    Path start = Path.of("").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      Path dir = p.resolve("datasets").resolve(DIRECTORY);
      if (Files.isDirectory(dir)) {
        return dir;
      }
    }
    throw new IllegalStateException("datasets/" + DIRECTORY + " not found in " + start + " or above");
  }

  /** Every comment of every {@code Youtube*.csv} in {@code dir}, files in name order, rows in file order. */
  public static List<Comment> load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("YouTube Spam Collection directory not found: " + dir);
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> COMMENT_FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no Youtube*.csv files in " + dir);
    }
    List<Comment> out = new ArrayList<>();
    for (Path f : files) {
      out.addAll(readFile(f));
    }
    return out;
  }

  /** The comments of one file, in file order. */
  public static List<Comment> readFile(Path file) throws IOException {
    List<Comment> out = new ArrayList<>();
    String name = file.getFileName().toString();
    try (CsvReader r = new CsvReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
      requireHeader(file, r.next(), COLUMNS);
      for (CsvReader.Row row = r.next(); row != null; row = r.next()) {
        if (row.isBlank()) {
          continue;
        }
        List<String> f = fields(file, row, COLUMNS.size());
        out.add(new Comment(name, out.size(), row.line(), f.get(0).strip(), f.get(1), f.get(2), f.get(3), zeroOrOne(file, row, "CLASS", f.get(4))));
      }
    } catch (CsvReader.CsvException e) {
      throw new IllegalArgumentException(file + ":" + e.line() + ": " + e.problem(), e);
    }
    return out;
  }

  /** The comments of one split ({@code train}, {@code valid}, {@code test}, {@code dev_subset_of_train}), in split order. */
  public static List<SplitComment> split(Path dir, String split) throws IOException {
    List<SplitComment> out = new ArrayList<>();
    for (SplitComment c : splits(dir)) {
      if (c.split().equals(split)) {
        out.add(c);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(dir.resolve(SPLIT_FILE) + ": no split '" + split
          + "' (expected train, valid, test or dev_subset_of_train)");
    }
    return out;
  }

  /**
   * Every row of the split index with its comment, in index order. Each row's COMMENT_ID and label
   * must match the comment file's row, so a reordered or edited file cannot pair texts with the
   * wrong labels.
   */
  public static List<SplitComment> splits(Path dir) throws IOException {
    Path index = dir.resolve(SPLIT_FILE);
    Map<String, List<Comment>> files = new HashMap<>();
    List<SplitComment> out = new ArrayList<>();
    try (CsvReader r = new CsvReader(Files.newBufferedReader(index, StandardCharsets.UTF_8))) {
      requireHeader(index, r.next(), SPLIT_COLUMNS);
      for (CsvReader.Row row = r.next(); row != null; row = r.next()) {
        if (row.isBlank()) {
          continue;
        }
        List<String> f = fields(index, row, SPLIT_COLUMNS.size());
        String file = f.get(2).strip();
        if (!COMMENT_FILE.matcher(file).matches()) {
          throw new IllegalArgumentException(index + ":" + row.line() + ": source_file '" + file + "' is not a Youtube*.csv file");
        }
        List<Comment> comments = files.get(file);
        if (comments == null) {
          comments = readFile(dir.resolve(file));
          files.put(file, comments);
        }
        int rowInFile = nonNegative(index, row, "row_in_file", f.get(3));
        if (rowInFile >= comments.size()) {
          throw new IllegalArgumentException(index + ":" + row.line() + ": row_in_file " + rowInFile + " but " + file + " has "
              + comments.size() + " rows");
        }
        Comment c = comments.get(rowInFile);
        if (!c.commentId().equals(f.get(4).strip())) {
          throw new IllegalArgumentException(index + ":" + row.line() + ": COMMENT_ID " + f.get(4).strip() + " but " + file
              + " row " + rowInFile + " (line " + c.line() + ") is " + c.commentId());
        }
        if (c.spam() != zeroOrOne(index, row, "label", f.get(5))) {
          throw new IllegalArgumentException(index + ":" + row.line() + ": label " + f.get(5).strip() + " but " + file
              + " line " + c.line() + " has CLASS " + c.spam());
        }
        out.add(new SplitComment(f.get(0).strip(), nonNegative(index, row, "position_in_split", f.get(1)), c));
      }
    } catch (CsvReader.CsvException e) {
      throw new IllegalArgumentException(index + ":" + e.line() + ": " + e.problem(), e);
    }
    return out;
  }

  private static void requireHeader(Path file, CsvReader.Row header, List<String> expected) {
    if (header == null || !header.fields().stream().map(String::strip).toList().equals(expected)) {
      throw new IllegalArgumentException(file + ":1: expected the header " + String.join(",", expected) + ", found "
          + (header == null ? "an empty file" : String.join(",", header.fields())));
    }
  }

  private static List<String> fields(Path file, CsvReader.Row row, int n) {
    if (row.fields().size() != n) {
      throw new IllegalArgumentException(file + ":" + row.line() + ": " + row.fields().size() + " fields, expected " + n);
    }
    return row.fields();
  }

  private static int zeroOrOne(Path file, CsvReader.Row row, String column, String value) {
    return switch (value.strip()) {
      case "0" -> 0;
      case "1" -> 1;
      default -> throw new IllegalArgumentException(file + ":" + row.line() + ": " + column + " '" + value + "' is not 0 or 1");
    };
  }

  private static int nonNegative(Path file, CsvReader.Row row, String column, String value) {
    try {
      int v = Integer.parseInt(value.strip());
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(file + ":" + row.line() + ": " + column + " '" + value + "' is not a non-negative integer");
  }
}
