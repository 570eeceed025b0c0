package dev.prism.learn.report;

import java.util.Locale;

/** HTML text helpers. Every string that reaches a report goes through {@link #escape}. */
public final class Html {
  private Html() {}

  /** Escapes the five characters that are special in HTML text and attribute values. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A number with 4 decimals, or an em dash when undefined. */
  public static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "—";
  }

  /** A coordinate for SVG (2 decimals, dot separator whatever the default locale). */
  static String c(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
