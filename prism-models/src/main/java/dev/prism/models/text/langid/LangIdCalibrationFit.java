package dev.prism.models.text.langid;

import dev.prism.models.text.LanguageCalibration;
import dev.prism.models.text.ShortTextLanguageNode.Accuracy;
import dev.prism.models.text.ShortTextLanguageNode.Evidence;
import dev.prism.models.text.ShortTextLanguageNode;
import dev.prism.models.text.langid.LangIdCorpus.Sample;
import dev.prism.models.text.langid.LangIdCorpus.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fits {@code lang@2}'s calibration and abstention threshold on the calibration half of the corpus
 * (never the evaluation half). {@link #main} prints the constants that {@link
 * ShortTextLanguageNode} ships, for both accuracy modes.
 */
public final class LangIdCalibrationFit {
  private LangIdCalibrationFit() {}

  /**
   * @param points observations the calibration was fitted on (texts with a best language and a
   *     non-zero margin)
   * @param skipped texts without a candidate or with a tie (abstained before calibration)
   * @param ece expected calibration error of the fitted map on the points it was fitted on
   */
  public record Result(Accuracy accuracy, LanguageCalibration calibration, double threshold, int points, int skipped, double ece) {}

  /**
   * The node's evidence on each sample as calibration points, in sample order (computed in
   * parallel; the order, and so the fit, does not depend on the thread count). Samples the node
   * abstains on before calibration are left out.
   */
  public static List<LanguageCalibration.Point> points(ShortTextLanguageNode node, List<Sample> samples) {
    List<Evidence> ev = samples.parallelStream().map(s -> node.evidence(s.text())).toList();
    List<LanguageCalibration.Point> out = new ArrayList<>();
    for (int i = 0; i < ev.size(); i++) {
      Evidence e = ev.get(i);
      if (e.language() != null && e.margin() > 0) {
        out.add(new LanguageCalibration.Point(e.margin(), e.letters(), LanguageCodes.matches(samples.get(i).language(), e.language())));
      }
    }
    return out;
  }

  public static Result fit(ShortTextLanguageNode node, List<Sample> calibrationSamples) {
    List<LanguageCalibration.Point> pts = points(node, calibrationSamples);
    LanguageCalibration cal = LanguageCalibration.fit(pts);
    double[] conf = new double[pts.size()];
    boolean[] ok = new boolean[pts.size()];
    for (int i = 0; i < conf.length; i++) {
      conf[i] = cal.probability(pts.get(i).margin(), pts.get(i).letters());
      ok[i] = pts.get(i).correct();
    }
    return new Result(node.options().accuracy(), cal, cal.chooseThreshold(pts), pts.size(),
        calibrationSamples.size() - pts.size(), LangIdEvaluation.expectedCalibrationError(conf, ok, LangIdEvaluation.ECE_BINS));
  }

  /** {@code LangIdCalibrationFit [CORPUS_DIR]} (default {@code datasets/langid_short_texts}). */
  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "datasets/langid_short_texts");
    LangIdCorpus corpus = LangIdCorpus.load(dir);
    List<Sample> cal = corpus.split(Split.CALIBRATION);
    System.out.printf(Locale.ROOT, "calibration split: %d of %d texts (seed %d)%n", cal.size(), corpus.samples().size(), corpus.seed());
    for (Accuracy a : Accuracy.values()) {
      try (ShortTextLanguageNode node = new ShortTextLanguageNode(ShortTextLanguageNode.Options.defaults().withAccuracy(a))) {
        Result r = fit(node, cal);
        LanguageCalibration c = r.calibration();
        System.out.printf(Locale.ROOT, "%s: new LanguageCalibration(%s, %s, %s, %s); threshold %.2f; %d points, %d abstained before calibration, ECE on calibration split %.4f%n",
            a, c.intercept(), c.margin(), c.logLetters(), c.marginLogLetters(), r.threshold(), r.points(), r.skipped(), r.ece());
      }
    }
  }
}
