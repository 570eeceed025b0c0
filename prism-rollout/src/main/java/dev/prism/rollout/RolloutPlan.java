package dev.prism.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The steps of a rollout: {@code shadow} (the candidate scores, production answers) then canary
 * percentages, strictly increasing and ending at 100; each held for at least {@code minStepMs} and
 * until the candidate has scored {@code minStepItems} items in it.
 */
public record RolloutPlan(List<Double> steps, long minStepMs, long minStepItems) {
  /** The shadow step's canary percentage. */
  public static final double SHADOW = 0.0;

  public RolloutPlan {
    steps = List.copyOf(steps);
    if (minStepMs < 0 || minStepItems < 0) {
      throw new IllegalArgumentException("min step time and items must be >= 0, got " + minStepMs + " ms, " + minStepItems);
    }
  }

  public static RolloutPlan parse(String steps, long minStepMs, long minStepItems) {
    return new RolloutPlan(parseSteps(steps), minStepMs, minStepItems);
  }

  /** "shadow,1,10,50,100" → [0, 1, 10, 50, 100]; the message says what is wrong. */
  public static List<Double> parseSteps(String text) {
    List<Double> out = new ArrayList<>();
    String[] parts = text.split(",");
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].strip().toLowerCase(Locale.ROOT);
      double v;
      if (p.equals("shadow")) {
        if (i != 0) {
          throw new IllegalArgumentException("steps '" + text + "': 'shadow' can only be the first step");
        }
        v = SHADOW;
      } else {
        try {
          v = Double.parseDouble(p.endsWith("%") ? p.substring(0, p.length() - 1) : p);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("steps '" + text + "': '" + parts[i].strip() + "' is neither 'shadow' nor a "
              + "percentage");
        }
        if (!(v > 0 && v <= 100)) {
          throw new IllegalArgumentException("steps '" + text + "': canary percentage " + p + " must be in (0, 100]");
        }
      }
      if (!out.isEmpty() && v <= out.get(out.size() - 1)) {
        throw new IllegalArgumentException("steps '" + text + "': percentages must increase strictly");
      }
      out.add(v);
    }
    if (out.isEmpty() || out.get(out.size() - 1) != 100.0) {
      throw new IllegalArgumentException("steps '" + text + "': the last step must be 100 (the candidate answers "
          + "everything before it is promoted)");
    }
    return out;
  }

  /** "shadow", "1%", "10%" … */
  public static String stepName(double percent) {
    return percent == SHADOW ? "shadow" : (percent == Math.rint(percent) ? Long.toString((long) percent)
        : Double.toString(percent)) + "%";
  }

  /** The steps as {@link #parseSteps} reads them. */
  public String stepsText() {
    List<String> s = new ArrayList<>();
    steps.forEach(p -> s.add(p == SHADOW ? "shadow" : stepName(p).replace("%", "")));
    return String.join(",", s);
  }
}
