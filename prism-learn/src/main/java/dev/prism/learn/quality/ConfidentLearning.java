package dev.prism.learn.quality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds likely label errors the confident-learning way (Northcutt, Jiang &amp; Chuang, JAIR 2021):
 *
 * <ol>
 *   <li>Per-class threshold t_j = mean out-of-sample probability of class j over the items
 *       labelled j (the class's average self-confidence).
 *   <li>An item "confidently belongs" to class j when p_j ≥ t_j; among such classes it is
 *       counted for the most probable one. Counting (given label, confident class) pairs gives the
 *       confident joint C; items without any confident class are not counted.
 *   <li>The items in the off-diagonal cells (confident class ≠ given label) are the likely errors,
 *       ranked by self-confidence p_given (lowest first) or by normalised margin p_given − max_{j≠given} p_j.
 * </ol>
 */
public final class ConfidentLearning {

  /** How to order the issues for review. */
  public enum Ranking {
    SELF_CONFIDENCE,
    NORMALIZED_MARGIN;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Ranking parse(String s) {
      for (Ranking r : values()) {
        if (r.key().equals(s)) {
          return r;
        }
      }
      throw new IllegalArgumentException("unknown ranking '" + s + "' (known: self_confidence, normalized_margin)");
    }
  }

  /** A likely label error. {@code rank} 1 = review first. */
  public record LabelIssue(int index, String id, int givenLabel, int suggestedLabel, double selfConfidence, double margin, int rank) {}

  /**
   * @param thresholds per-class thresholds t_j (NaN for a class nobody is labelled with)
   * @param confidentJoint C[given][confident]
   */
  public record Result(double[] thresholds, long[][] confidentJoint, List<LabelIssue> issues) {}

  private ConfidentLearning() {}

  public static Result find(List<String> ids, int[] given, double[][] probs, Ranking ranking) {
    int n = given.length;
    if (probs.length != n || ids.size() != n) {
      throw new IllegalArgumentException("confident learning needs one id, label and probability row per item: "
          + ids.size() + ", " + n + ", " + probs.length);
    }
    if (n == 0) {
      throw new IllegalArgumentException("confident learning needs at least one item");
    }
    int k = probs[0].length;
    double[] sum = new double[k];
    int[] count = new int[k];
    for (int i = 0; i < n; i++) {
      if (given[i] < 0 || given[i] >= k) {
        throw new IllegalArgumentException("item '" + ids.get(i) + "' has label " + given[i] + " outside [0, " + k + ")");
      }
      sum[given[i]] += probs[i][given[i]];
      count[given[i]]++;
    }
    double[] t = new double[k];
    for (int j = 0; j < k; j++) {
      t[j] = count[j] == 0 ? Double.NaN : sum[j] / count[j];
    }
    long[][] joint = new long[k][k];
    List<LabelIssue> issues = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int conf = -1;
      for (int j = 0; j < k; j++) {
        // a class nobody is labelled with has no threshold and is never a confident class
        if (!Double.isNaN(t[j]) && probs[i][j] >= t[j] && (conf < 0 || probs[i][j] > probs[i][conf])) {
          conf = j;
        }
      }
      if (conf < 0) {
        continue;
      }
      joint[given[i]][conf]++;
      if (conf != given[i]) {
        double self = probs[i][given[i]];
        double other = 0;
        for (int j = 0; j < k; j++) {
          if (j != given[i]) {
            other = Math.max(other, probs[i][j]);
          }
        }
        issues.add(new LabelIssue(i, ids.get(i), given[i], conf, self, self - other, 0));
      }
    }
    Comparator<LabelIssue> order = ranking == Ranking.SELF_CONFIDENCE
        ? Comparator.comparingDouble(LabelIssue::selfConfidence)
        : Comparator.comparingDouble(LabelIssue::margin);
    issues.sort(order.thenComparing(LabelIssue::id));
    List<LabelIssue> ranked = new ArrayList<>(issues.size());
    for (int r = 0; r < issues.size(); r++) {
      LabelIssue x = issues.get(r);
      ranked.add(new LabelIssue(x.index(), x.id(), x.givenLabel(), x.suggestedLabel(), x.selfConfidence(), x.margin(), r + 1));
    }
    return new Result(t, joint, List.copyOf(ranked));
  }
}
