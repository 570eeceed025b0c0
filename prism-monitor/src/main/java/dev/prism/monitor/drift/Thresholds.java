package dev.prism.monitor.drift;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thresholds per statistic, with per-signal overrides. A signal's threshold is the override for its
 * {@code name@major}, else for its bare {@code name}, else the default. A threshold of 0 turns the
 * check off. For a features signal the per-feature series are named {@code signal.feature}
 * ({@code text_stats@1.char_count}) and look up their signal's thresholds.
 *
 * @param defaults one value per statistic
 * @param overrides signal (name or name@major) → statistic → threshold
 * @param alpha significance gate for KS and chi-squared: those breach only when p &lt; alpha too
 * @param minSamples below this many values on either side a check is reported as insufficient, never breached
 */
public record Thresholds(Map<Statistic, Double> defaults, Map<String, Map<Statistic, Double>> overrides, double alpha,
    int minSamples) {

  public Thresholds {
    defaults = new EnumMap<>(defaults);
    for (Statistic s : Statistic.values()) {
      if (!defaults.containsKey(s)) {
        throw new IllegalArgumentException("no default threshold for " + s.key());
      }
    }
    Map<String, Map<Statistic, Double>> o = new LinkedHashMap<>();
    overrides.forEach((k, v) -> o.put(k, Map.copyOf(v)));
    overrides = java.util.Collections.unmodifiableMap(o);
  }

  public double of(String signal, Statistic s) {
    Map<Statistic, Double> exact = overrides.get(signal);
    if (exact != null && exact.containsKey(s)) {
      return exact.get(s);
    }
    int at = signal.indexOf('@');
    if (at > 0) {
      Map<Statistic, Double> bare = overrides.get(signal.substring(0, at));
      if (bare != null && bare.containsKey(s)) {
        return bare.get(s);
      }
    }
    return defaults.get(s);
  }

  /**
   * Parses overrides written {@code SIGNAL.STATISTIC=VALUE} separated by commas or semicolons, e.g.
   * {@code spam.psi=0.1,lang@1.share_change=0.02}. The statistic is the text after the last dot.
   */
  public static Map<String, Map<Statistic, Double>> parseOverrides(String text) {
    Map<String, Map<Statistic, Double>> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String part : text.split("[,;]")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      int dot = eq < 0 ? -1 : p.lastIndexOf('.', eq);
      if (eq < 0 || dot <= 0) {
        throw new IllegalArgumentException("threshold override '" + p + "' is not SIGNAL.STATISTIC=VALUE");
      }
      String signal = p.substring(0, dot).strip();
      Statistic s = Statistic.parse(p.substring(dot + 1, eq));
      double v;
      try {
        v = Double.parseDouble(p.substring(eq + 1).strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("threshold override '" + p + "': not a number after '='");
      }
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("threshold override '" + p + "': must be a finite number >= 0");
      }
      out.computeIfAbsent(signal, k -> new EnumMap<>(Statistic.class)).put(s, v);
    }
    return out;
  }
}
