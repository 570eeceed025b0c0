package dev.prism.learn.report;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order of a slice table's rows. Values that all read as numbers or numeric ranges ({@code
 * 000-020}, {@code 21–50}, {@code 201+}, {@code [0.5, 1)}, {@code <10}, {@code 7}) are in numeric
 * order of their range — as text, {@code 201+} would sort before {@code 51-100}. Any other field
 * (a video, a language) keeps largest slice first. {@link Evaluator#MISSING_VALUE} and {@link
 * Evaluator#OTHER_VALUE} always come last, in that order.
 */
final class SliceOrder {
  private static final String NUM = "([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)";
  /** {@code 7}, {@code 0-20}, {@code 0–20}, {@code 0..20}, {@code 0 to 20}, {@code 201+}. */
  private static final Pattern PLAIN = Pattern.compile("^" + NUM + "(?:\\s*(?:-|–|\\.\\.|to)\\s*" + NUM + "|\\s*(\\+))?$");
  /** {@code [0, 20)}, {@code (20, 50]}. */
  private static final Pattern BRACKETED = Pattern.compile("^[\\[(]\\s*" + NUM + "\\s*,\\s*" + NUM + "\\s*[\\])]$");
  /** {@code <10}, {@code <=10}, {@code ≤10}, {@code >200}, {@code >=200}, {@code ≥200}. */
  private static final Pattern OPEN = Pattern.compile("^(<=?|≤|>=?|≥)\\s*" + NUM + "$");

  private SliceOrder() {}

  /** A value's range [low, high] (±∞ for open ends), or empty when it is not numeric. */
  static Optional<double[]> range(String value) {
    String v = value.strip();
    Matcher m = PLAIN.matcher(v);
    if (m.matches()) {
      double low = Double.parseDouble(m.group(1));
      double high = m.group(3) != null ? Double.POSITIVE_INFINITY : m.group(2) != null ? Double.parseDouble(m.group(2)) : low;
      return Optional.of(new double[] {low, high});
    }
    m = BRACKETED.matcher(v);
    if (m.matches()) {
      return Optional.of(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
    }
    m = OPEN.matcher(v);
    if (m.matches()) {
      double x = Double.parseDouble(m.group(2));
      return Optional.of(m.group(1).startsWith("<") || m.group(1).equals("≤")
          ? new double[] {Double.NEGATIVE_INFINITY, x} : new double[] {x, Double.POSITIVE_INFINITY});
    }
    return Optional.empty();
  }

  /**
   * Sorts rows already in largest-first order: numerically when every ordinary value is a number
   * or a range, otherwise leaves them as they are; the missing and pooled rows go last.
   */
  static void sort(List<EvalReport.SliceRow> rows) {
    List<EvalReport.SliceRow> ordinary = rows.stream().filter(r -> !special(r.value())).toList();
    boolean numeric = !ordinary.isEmpty() && ordinary.stream().allMatch(r -> range(r.value()).isPresent());
    Comparator<EvalReport.SliceRow> bySpecial = Comparator.comparingInt(r -> rank(r.value()));
    if (numeric) {
      bySpecial = bySpecial
          .thenComparingDouble(r -> special(r.value()) ? 0 : range(r.value()).orElseThrow()[0])
          .thenComparingDouble(r -> special(r.value()) ? 0 : range(r.value()).orElseThrow()[1])
          .thenComparing(EvalReport.SliceRow::value);
    }
    rows.sort(bySpecial); // stable: without a numeric key the largest-first order stays
  }

  private static boolean special(String value) {
    return value.equals(Evaluator.MISSING_VALUE) || value.equals(Evaluator.OTHER_VALUE);
  }

  private static int rank(String value) {
    return value.equals(Evaluator.MISSING_VALUE) ? 1 : value.equals(Evaluator.OTHER_VALUE) ? 2 : 0;
  }
}
