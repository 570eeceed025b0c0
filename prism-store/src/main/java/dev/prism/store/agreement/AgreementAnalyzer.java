package dev.prism.store.agreement;

import dev.prism.label.agreement.Agreement;
import dev.prism.label.agreement.GoldPolicy;
import dev.prism.store.label.Label;
import dev.prism.store.label.LabelStore;
import dev.prism.store.label.LabelTask;
import dev.prism.store.label.SourceKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Agreement of a task's HUMAN labels, computed by prism-label's {@link Agreement}: the store only
 * builds the rating matrices. Labeling functions and models are not annotators and are left out.
 *
 * <p>Fleiss' kappa assumes the same number of ratings per item; with uneven coverage it is
 * computed on the items that have the most common number (>= 2) of ratings, ties going to the
 * larger number (more ratings per item, a steadier estimate). Krippendorff's alpha uses every item
 * and tolerates missing ratings, so it is the coefficient to read when coverage is uneven.
 */
public final class AgreementAnalyzer {

  /** The gold policy when none is given: plurality, ties unresolved. */
  public static final GoldPolicy DEFAULT_GOLD_POLICY = GoldPolicy.MAJORITY;

  private final LabelStore store;

  public AgreementAnalyzer(LabelStore store) {
    this.store = store;
  }

  /**
   * @throws IllegalArgumentException for an unknown task, or one without HUMAN labels
   */
  public AgreementReport analyze(String taskName, GoldPolicy policy) {
    LabelTask task = store.task(taskName);
    List<Label> labels = store.labelsByKind(taskName, SourceKind.HUMAN);
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("labeling task '" + taskName + "' has no HUMAN labels (it has "
          + store.countLabels(taskName) + " labels from labeling functions and models); agreement is over HUMAN annotators");
    }
    return analyze(task, labels, policy);
  }

  /** The report for {@code labels} (HUMAN labels of {@code task}). */
  public static AgreementReport analyze(LabelTask task, List<Label> labels, GoldPolicy policy) {
    List<String> annotators = new ArrayList<>(new TreeSet<>(labels.stream().map(l -> l.source().name()).toList()));
    Map<String, Integer> raterIndex = new LinkedHashMap<>();
    for (String a : annotators) {
      raterIndex.put(a, raterIndex.size());
    }
    // items sorted by id, so reports are stable across databases
    TreeMap<String, Integer> itemIndex = new TreeMap<>();
    for (Label l : labels) {
      itemIndex.putIfAbsent(l.itemId(), 0);
    }
    int i = 0;
    for (Map.Entry<String, Integer> e : itemIndex.entrySet()) {
      e.setValue(i++);
    }
    List<String> items = new ArrayList<>(itemIndex.keySet());
    int[][] ratings = new int[annotators.size()][items.size()];
    for (int[] row : ratings) {
      Arrays.fill(row, Agreement.MISSING);
    }
    for (Label l : labels) {
      ratings[raterIndex.get(l.source().name())][itemIndex.get(l.itemId())] = task.requireIndex(l.value());
    }
    int[] perItem = new int[items.size()];
    for (int[] row : ratings) {
      for (int u = 0; u < row.length; u++) {
        if (row[u] != Agreement.MISSING) {
          perItem[u]++;
        }
      }
    }

    List<PairAgreement> pairs = pairs(annotators, ratings);
    Statistic fleiss = fleiss(task, ratings, perItem);
    Statistic alpha = alpha(ratings, perItem);

    int[] gold = Agreement.gold(ratings, policy);
    List<GoldLabel> goldLabels = new ArrayList<>(items.size());
    int resolved = 0;
    for (int u = 0; u < items.size(); u++) {
      String value = gold[u] == Agreement.UNRESOLVED ? null : task.labelSet().get(gold[u]);
      if (value != null) {
        resolved++;
      }
      goldLabels.add(new GoldLabel(items.get(u), value, perItem[u]));
    }
    return new AgreementReport(task.name(), task.labelSet(), policy, labels.size(), items.size(), annotators, pairs, fleiss,
        alpha, resolved, items.size() - resolved, goldLabels);
  }

  private static List<PairAgreement> pairs(List<String> annotators, int[][] ratings) {
    List<PairAgreement> pairs = new ArrayList<>();
    for (int a = 0; a < annotators.size(); a++) {
      for (int b = a + 1; b < annotators.size(); b++) {
        int n = 0;
        for (int u = 0; u < ratings[a].length; u++) {
          if (ratings[a][u] != Agreement.MISSING && ratings[b][u] != Agreement.MISSING) {
            n++;
          }
        }
        if (n == 0) {
          continue;
        }
        int[] ra = new int[n];
        int[] rb = new int[n];
        int k = 0;
        int same = 0;
        for (int u = 0; u < ratings[a].length; u++) {
          if (ratings[a][u] != Agreement.MISSING && ratings[b][u] != Agreement.MISSING) {
            ra[k] = ratings[a][u];
            rb[k] = ratings[b][u];
            if (ra[k] == rb[k]) {
              same++;
            }
            k++;
          }
        }
        pairs.add(new PairAgreement(annotators.get(a), annotators.get(b), n, nanToNull(Agreement.cohenKappa(ra, rb)),
            same / (double) n));
      }
    }
    return pairs;
  }

  private static Statistic fleiss(LabelTask task, int[][] ratings, int[] perItem) {
    Map<Integer, Integer> itemsWith = new TreeMap<>();
    for (int m : perItem) {
      if (m >= 2) {
        itemsWith.merge(m, 1, Integer::sum);
      }
    }
    if (itemsWith.isEmpty()) {
      return Statistic.undefined(0, 0, "no item has 2 or more HUMAN labels");
    }
    int modal = -1;
    int modalCount = 0;
    for (Map.Entry<Integer, Integer> e : itemsWith.entrySet()) { // ascending: >= lets the larger rater count win ties
      if (e.getValue() >= modalCount) {
        modal = e.getKey();
        modalCount = e.getValue();
      }
    }
    int k = task.labelSet().size();
    int[][] counts = new int[modalCount][k];
    int row = 0;
    for (int u = 0; u < perItem.length; u++) {
      if (perItem[u] == modal) {
        for (int[] rater : ratings) {
          if (rater[u] != Agreement.MISSING) {
            counts[row][rater[u]]++;
          }
        }
        row++;
      }
    }
    int others = 0;
    for (int m : perItem) {
      if (m >= 2 && m != modal) {
        others++;
      }
    }
    String note = others == 0 ? "" : "items with " + modal + " ratings only; " + others + " items with another count left out";
    Double kappa = nanToNull(Agreement.fleissKappa(counts));
    if (kappa == null) {
      note = "undefined: every rating is the same label";
    }
    return new Statistic(kappa, modalCount, modal, note);
  }

  private static Statistic alpha(int[][] ratings, int[] perItem) {
    int pairable = (int) Arrays.stream(perItem).filter(m -> m >= 2).count();
    if (ratings.length < 2 || pairable == 0) {
      return Statistic.undefined(pairable, ratings.length, "needs items labelled by at least 2 annotators");
    }
    Double alpha = nanToNull(Agreement.krippendorffAlphaNominal(ratings));
    return new Statistic(alpha, pairable, ratings.length, alpha == null ? "undefined: every rating is the same label" : "");
  }

  private static Double nanToNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
