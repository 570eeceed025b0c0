package dev.prism.label.lf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.label.matrix.LabelMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Per-LF statistics of a label matrix, with the definitions of Snorkel's {@code LFAnalysis}:
 * coverage (share of items the LF votes on), overlaps (share of items it votes on together with
 * at least one other LF), conflicts (share of items it votes on where another LF votes a different
 * class), polarity (the classes it ever votes), and with gold labels the empirical accuracy of its
 * votes.
 *
 * @param lfs one row per LF
 * @param coverage share of items with at least one vote
 * @param overlap share of items with at least two votes
 * @param conflict share of items with two different votes
 * @param goldItems items that had a gold label (0 without gold)
 */
public record LfAnalysis(List<String> classNames, int n, double coverage, double overlap, double conflict,
    int goldItems, List<LfStats> lfs) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * @param correct votes equal to the gold label (items without gold not counted)
   * @param incorrect votes different from the gold label
   * @param accuracy correct / (correct + incorrect), NaN when the LF voted on no gold item
   */
  public record LfStats(String name, List<Integer> polarity, double coverage, double overlaps, double conflicts,
      int correct, int incorrect, double accuracy) {}

  /**
   * @param gold per item the true class, or -1 when unknown; {@code null} for no gold at all
   */
  public static LfAnalysis of(LabelMatrix l, List<String> lfNames, List<String> classNames, int[] gold) {
    int n = l.n();
    int m = l.m();
    int k = l.k();
    if (lfNames.size() != m) {
      throw new IllegalArgumentException("got " + lfNames.size() + " LF names for a matrix with " + m + " LFs");
    }
    if (gold != null && gold.length != n) {
      throw new IllegalArgumentException("got " + gold.length + " gold labels for " + n + " items");
    }
    if (n == 0) {
      throw new IllegalArgumentException("no items to analyse");
    }
    long[] cov = new long[m];
    long[] ovl = new long[m];
    long[] cfl = new long[m];
    int[] correct = new int[m];
    int[] incorrect = new int[m];
    List<TreeSet<Integer>> pol = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      pol.add(new TreeSet<>());
    }
    long anyCov = 0;
    long anyOvl = 0;
    long anyCfl = 0;
    int goldItems = 0;
    char[] f = l.features();
    int[] classCount = new int[k];
    for (int i = 0; i < n; i++) {
      int s = l.rowStart(i);
      int e = l.rowStart(i + 1);
      int votes = e - s;
      java.util.Arrays.fill(classCount, 0);
      int distinct = 0;
      for (int p = s; p < e; p++) {
        if (classCount[f[p] % k]++ == 0) {
          distinct++;
        }
      }
      int g = gold == null ? -1 : gold[i];
      if (g >= 0) {
        goldItems++;
      }
      anyCov += votes > 0 ? 1 : 0;
      anyOvl += votes > 1 ? 1 : 0;
      anyCfl += distinct > 1 ? 1 : 0;
      for (int p = s; p < e; p++) {
        int j = f[p] / k;
        int v = f[p] % k;
        cov[j]++;
        pol.get(j).add(v);
        if (votes > 1) {
          ovl[j]++;
        }
        if (classCount[v] < votes) {
          cfl[j]++;
        }
        if (g >= 0) {
          if (v == g) {
            correct[j]++;
          } else {
            incorrect[j]++;
          }
        }
      }
    }
    List<LfStats> stats = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      int t = correct[j] + incorrect[j];
      stats.add(new LfStats(lfNames.get(j), List.copyOf(pol.get(j)), cov[j] / (double) n, ovl[j] / (double) n,
          cfl[j] / (double) n, correct[j], incorrect[j], t == 0 ? Double.NaN : correct[j] / (double) t));
    }
    return new LfAnalysis(List.copyOf(classNames), n, anyCov / (double) n, anyOvl / (double) n, anyCfl / (double) n,
        goldItems, stats);
  }

  /** A fixed-width text table, one line per LF and a summary line. */
  public String table() {
    int w = Math.max(4, lfs.stream().mapToInt(s -> s.name().length()).max().orElse(4));
    StringBuilder sb = new StringBuilder();
    String head = "%-" + w + "s  %-12s %8s %8s %9s %7s %7s %8s%n";
    sb.append(String.format(Locale.ROOT, head, "lf", "polarity", "coverage", "overlaps", "conflicts", "correct",
        "wrong", "accuracy"));
    for (LfStats s : lfs) {
      String polarity = String.join(",", s.polarity().stream().map(this::className).toList());
      sb.append(String.format(Locale.ROOT, "%-" + w + "s  %-12s %8.3f %8.3f %9.3f %7s %7s %8s%n", s.name(),
          polarity.isEmpty() ? "-" : polarity, s.coverage(), s.overlaps(), s.conflicts(),
          goldItems > 0 ? Integer.toString(s.correct()) : "-", goldItems > 0 ? Integer.toString(s.incorrect()) : "-",
          Double.isNaN(s.accuracy()) ? "-" : String.format(Locale.ROOT, "%.3f", s.accuracy())));
    }
    sb.append(String.format(Locale.ROOT, "%d items: coverage %.3f, overlap %.3f, conflict %.3f%s%n", n, coverage,
        overlap, conflict, goldItems > 0 ? ", " + goldItems + " with gold labels" : ", no gold labels"));
    return sb.toString();
  }

  private String className(int c) {
    return c < classNames.size() ? classNames.get(c) : Integer.toString(c);
  }

  /** The same numbers as JSON (accuracy null where undefined). */
  public ObjectNode toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("items", n);
    root.put("gold_items", goldItems);
    root.put("coverage", coverage);
    root.put("overlap", overlap);
    root.put("conflict", conflict);
    ArrayNode classes = root.putArray("classes");
    classNames.forEach(classes::add);
    ArrayNode arr = root.putArray("lfs");
    for (LfStats s : lfs) {
      ObjectNode o = arr.addObject();
      o.put("name", s.name());
      ArrayNode p = o.putArray("polarity");
      s.polarity().forEach(c -> p.add(className(c)));
      o.put("coverage", s.coverage());
      o.put("overlaps", s.overlaps());
      o.put("conflicts", s.conflicts());
      if (goldItems > 0) {
        o.put("correct", s.correct());
        o.put("incorrect", s.incorrect());
      }
      if (Double.isNaN(s.accuracy())) {
        o.putNull("empirical_accuracy");
      } else {
        o.put("empirical_accuracy", s.accuracy());
      }
    }
    return root;
  }
}
