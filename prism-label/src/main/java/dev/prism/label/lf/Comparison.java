package dev.prism.label.lf;

/** A numeric comparison written in LF files as {@code <}, {@code <=}, {@code >}, {@code >=}, {@code ==}. */
public enum Comparison {
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">="),
  EQ("==");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public boolean test(double x, double threshold) {
    return switch (this) {
      case LT -> x < threshold;
      case LE -> x <= threshold;
      case GT -> x > threshold;
      case GE -> x >= threshold;
      case EQ -> x == threshold;
    };
  }

  public static Comparison parse(String s) {
    for (Comparison c : values()) {
      if (c.symbol.equals(s)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown comparison '" + s + "' (expected <, <=, >, >= or ==)");
  }
}
