package dev.prism.learn.quality;

import java.util.Locale;

/** Uncertainty scores in [0, 1] (1 = most uncertain) from a class distribution. */
public enum Uncertainty {
  /** 1 − (p₍₁₎ − p₍₂₎): the gap between the two most probable classes. */
  MARGIN,
  /** Shannon entropy divided by log k. */
  ENTROPY,
  /** 1 − max p. */
  LEAST_CONFIDENT;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Uncertainty parse(String s) {
    for (Uncertainty u : values()) {
      if (u.key().equals(s)) {
        return u;
      }
    }
    throw new IllegalArgumentException("unknown uncertainty '" + s + "' (known: margin, entropy, least_confident)");
  }

  public double score(double[] p) {
    return switch (this) {
      case MARGIN -> {
        double a = -1;
        double b = -1;
        for (double x : p) {
          if (x > a) {
            b = a;
            a = x;
          } else if (x > b) {
            b = x;
          }
        }
        yield 1 - (a - b);
      }
      case ENTROPY -> {
        double h = 0;
        for (double x : p) {
          if (x > 0) {
            h -= x * Math.log(x);
          }
        }
        yield h / Math.log(p.length);
      }
      case LEAST_CONFIDENT -> {
        double m = 0;
        for (double x : p) {
          m = Math.max(m, x);
        }
        yield 1 - m;
      }
    };
  }
}
