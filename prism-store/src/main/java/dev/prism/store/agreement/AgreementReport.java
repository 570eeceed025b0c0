package dev.prism.store.agreement;

import dev.prism.label.agreement.GoldPolicy;
import java.util.List;
import java.util.Locale;

/**
 * Agreement among a task's HUMAN annotators, and the resolved gold label per item.
 *
 * @param humanLabels HUMAN labels considered
 * @param items items with at least one HUMAN label
 * @param pairs Cohen's kappa for every annotator pair that shares at least one item
 * @param fleiss Fleiss' kappa over the items that have the modal number (>= 2) of ratings
 * @param krippendorffAlpha nominal alpha over all items (missing ratings allowed)
 * @param gold one entry per item, in item order
 */
public record AgreementReport(
    String task, List<String> labelSet, GoldPolicy goldPolicy, int humanLabels, int items, List<String> annotators,
    List<PairAgreement> pairs, Statistic fleiss, Statistic krippendorffAlpha, int goldResolved, int goldUnresolved,
    List<GoldLabel> gold) {

  public AgreementReport {
    labelSet = List.copyOf(labelSet);
    annotators = List.copyOf(annotators);
    pairs = List.copyOf(pairs);
    gold = List.copyOf(gold);
  }

  /** A plain-text table for the terminal (gold labels summarised, not listed). */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "task %s  labels %s  HUMAN labels %d  items %d  annotators %d%n",
        task, labelSet, humanLabels, items, annotators.size()));
    sb.append(String.format(Locale.ROOT, "%n%-24s %-24s %7s %8s %8s%n", "annotator A", "annotator B", "n", "agree", "kappa"));
    for (PairAgreement p : pairs) {
      sb.append(String.format(Locale.ROOT, "%-24s %-24s %7d %8.3f %8s%n", p.annotatorA(), p.annotatorB(), p.items(),
          p.observedAgreement(), format(p.kappa())));
    }
    if (pairs.isEmpty()) {
      sb.append("(no annotator pair labelled a common item)\n");
    }
    sb.append('\n');
    row(sb, "Fleiss' kappa", fleiss);
    row(sb, "Krippendorff's alpha", krippendorffAlpha);
    sb.append(String.format(Locale.ROOT, "%ngold (%s): %d resolved, %d unresolved%n", goldPolicy, goldResolved, goldUnresolved));
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, Statistic s) {
    sb.append(String.format(Locale.ROOT, "%-22s %8s  over %d items, %d raters%s%n", name, format(s.value()), s.items(), s.raters(),
        s.note().isEmpty() ? "" : "  (" + s.note() + ")"));
  }

  private static String format(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }
}
