package dev.prism.store.db;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration script into statements. JDBC drivers differ on multi-statement strings
 * (the SQLite driver runs only the first), so each statement is executed on its own.
 *
 * <p>A statement ends at a {@code ;} outside quotes and comments. Semicolons inside
 * {@code '...'} strings, {@code "..."} identifiers, {@code --} and block comments are kept.
 * Bodies with inner semicolons (triggers, PL/pgSQL functions) are not supported: they are not
 * portable between SQLite and PostgreSQL anyway.
 */
public final class SqlScript {
  private SqlScript() {}

  /** The non-empty statements of a script, trimmed, without their terminating semicolons. */
  public static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int n = script.length();
    int i = 0;
    while (i < n) {
      char c = script.charAt(i);
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        int end = script.indexOf('\n', i);
        i = end < 0 ? n : end; // the newline itself is kept as whitespace
        continue;
      }
      if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated /* comment in SQL script");
        }
        i = end + 2;
        current.append(' ');
        continue;
      }
      if (c == '\'' || c == '"') {
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw new IllegalArgumentException("unterminated " + c + " quote in SQL script");
          }
          if (script.charAt(j) == c) {
            if (j + 1 < n && script.charAt(j + 1) == c) { // doubled quote is an escaped quote
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        current.append(script, i, j + 1);
        i = j + 1;
        continue;
      }
      if (c == ';') {
        addIfNotBlank(statements, current);
        current.setLength(0);
        i++;
        continue;
      }
      current.append(c);
      i++;
    }
    addIfNotBlank(statements, current);
    return List.copyOf(statements);
  }

  private static void addIfNotBlank(List<String> statements, StringBuilder sb) {
    String s = sb.toString().strip();
    if (!s.isEmpty()) {
      statements.add(s);
    }
  }
}
