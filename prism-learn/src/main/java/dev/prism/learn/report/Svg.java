package dev.prism.learn.report;

import dev.prism.learn.metrics.Confusion;
import dev.prism.learn.metrics.Curves;
import java.util.List;

/**
 * Hand-drawn inline SVG plots on the unit square (no scripts, no external resources), so the
 * report is one self-contained file that renders anywhere.
 */
final class Svg {
  static final int W = 380;
  static final int H = 320;
  private static final int ML = 52;
  private static final int MR = 16;
  private static final int MT = 30;
  private static final int MB = 46;
  /** Curves with more points are thinned to about this many for drawing (JSON keeps all). */
  static final int MAX_DRAWN_POINTS = 600;
  static final String COLOR_A = "#1f77b4";
  static final String COLOR_B = "#d62728";
  static final String COLOR_NEG = "#2ca02c";
  static final String COLOR_POS = "#d62728";

  private Svg() {}

  /** A curve to draw: x and y in [0, 1]. */
  record Series(String name, String color, double[] x, double[] y, boolean step) {}

  static String px(double x) {
    return Html.c(ML + x * (W - ML - MR));
  }

  static String py(double y) {
    return Html.c(H - MB - y * (H - MT - MB));
  }

  private static StringBuilder open(String title, String xLabel, String yLabel) {
    return open(title, xLabel, yLabel, 1.0);
  }

  /** Axes on the unit square; y tick labels show {@code yMax}-scaled values (plots draw y / yMax). */
  private static StringBuilder open(String title, String xLabel, String yLabel, double yMax) {
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
        .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"")
        .append(Html.escape(title)).append("\">");
    b.append("<text x=\"").append(W / 2).append("\" y=\"18\" text-anchor=\"middle\" class=\"t\">").append(Html.escape(title)).append("</text>");
    b.append("<rect x=\"").append(ML).append("\" y=\"").append(MT).append("\" width=\"").append(W - ML - MR)
        .append("\" height=\"").append(H - MT - MB).append("\" fill=\"none\" stroke=\"#999\"/>");
    for (int k = 0; k <= 5; k++) {
      double v = k / 5.0;
      b.append("<line x1=\"").append(px(v)).append("\" y1=\"").append(py(0)).append("\" x2=\"").append(px(v))
          .append("\" y2=\"").append(py(1)).append("\" stroke=\"#eee\"/>");
      b.append("<line x1=\"").append(px(0)).append("\" y1=\"").append(py(v)).append("\" x2=\"").append(px(1))
          .append("\" y2=\"").append(py(v)).append("\" stroke=\"#eee\"/>");
      b.append("<text x=\"").append(px(v)).append("\" y=\"").append(H - MB + 15).append("\" text-anchor=\"middle\" class=\"k\">")
          .append(Html.c(v).replaceAll("0$", "")).append("</text>");
      b.append("<text x=\"").append(ML - 6).append("\" y=\"").append(Html.c(Double.parseDouble(py(v)) + 4)).append("\" text-anchor=\"end\" class=\"k\">")
          .append(Html.c(v * yMax).replaceAll("0$", "")).append("</text>");
    }
    b.append("<text x=\"").append((ML + W - MR) / 2).append("\" y=\"").append(H - 8).append("\" text-anchor=\"middle\" class=\"a\">")
        .append(Html.escape(xLabel)).append("</text>");
    b.append("<text transform=\"translate(14,").append((MT + H - MB) / 2).append(") rotate(-90)\" text-anchor=\"middle\" class=\"a\">")
        .append(Html.escape(yLabel)).append("</text>");
    return b;
  }

  /** Longest series name drawn in a legend. */
  private static final int LEGEND_CHARS = 30;

  static String curves(String title, String xLabel, String yLabel, List<Series> series, boolean diagonal, double baseline, boolean legendLeft) {
    StringBuilder b = open(title, xLabel, yLabel);
    if (diagonal) {
      b.append("<line x1=\"").append(px(0)).append("\" y1=\"").append(py(0)).append("\" x2=\"").append(px(1))
          .append("\" y2=\"").append(py(1)).append("\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>");
    }
    if (Double.isFinite(baseline)) {
      b.append("<line x1=\"").append(px(0)).append("\" y1=\"").append(py(baseline)).append("\" x2=\"").append(px(1))
          .append("\" y2=\"").append(py(baseline)).append("\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>");
    }
    int legendY = H - MB - 10 - 14 * (series.size() - 1);
    int lx = legendLeft ? ML + 8 : W - MR - 190;
    b.append("<rect x=\"").append(lx - 4).append("\" y=\"").append(legendY - 12).append("\" width=\"186\" height=\"")
        .append(14 * series.size() + 4).append("\" fill=\"#fff\" fill-opacity=\"0.85\"/>");
    for (Series s : series) {
      b.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"2\" points=\"");
      int n = s.x().length;
      int stride = Math.max(1, (int) Math.ceil(n / (double) MAX_DRAWN_POINTS));
      double prevY = Double.NaN;
      for (int i = 0; i < n; i += stride) {
        appendPoint(b, s, i, prevY);
        prevY = s.y()[i];
      }
      if ((n - 1) % stride != 0 && n > 0) {
        appendPoint(b, s, n - 1, prevY);
      }
      b.append("\"/>");
      b.append("<line x1=\"").append(lx).append("\" y1=\"").append(legendY - 4).append("\" x2=\"").append(lx + 20)
          .append("\" y2=\"").append(legendY - 4).append("\" stroke=\"").append(s.color()).append("\" stroke-width=\"2\"/>");
      String name = s.name().length() > LEGEND_CHARS ? s.name().substring(0, LEGEND_CHARS - 1) + "…" : s.name();
      b.append("<text x=\"").append(lx + 24).append("\" y=\"").append(legendY).append("\" class=\"k\">")
          .append(Html.escape(name)).append("</text>");
      legendY += 14;
    }
    return b.append("</svg>").toString();
  }

  private static void appendPoint(StringBuilder b, Series s, int i, double prevY) {
    double x = s.x()[i];
    double y = s.y()[i];
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      return;
    }
    if (s.step() && Double.isFinite(prevY)) {
      // precision–recall is drawn as a step: recall moves right at the previous precision first
      b.append(px(x)).append(',').append(py(prevY)).append(' ');
    }
    b.append(px(x)).append(',').append(py(y)).append(' ');
  }

  static String reliability(List<Curves.ReliabilityBin> bins, int n) {
    StringBuilder b = open("Reliability diagram", "mean predicted probability (bin)", "observed positive rate");
    b.append("<line x1=\"").append(px(0)).append("\" y1=\"").append(py(0)).append("\" x2=\"").append(px(1))
        .append("\" y2=\"").append(py(1)).append("\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>");
    int max = bins.stream().mapToInt(Curves.ReliabilityBin::count).max().orElse(1);
    for (Curves.ReliabilityBin bin : bins) {
      // bar: share of items in the bin (scaled to the tallest bin, a quarter of the plot height)
      double h = max == 0 ? 0 : 0.25 * bin.count() / max;
      b.append("<rect x=\"").append(px(bin.lower())).append("\" y=\"").append(py(h)).append("\" width=\"")
          .append(Html.c(Double.parseDouble(px(bin.upper())) - Double.parseDouble(px(bin.lower())) - 1))
          .append("\" height=\"").append(Html.c(Double.parseDouble(py(0)) - Double.parseDouble(py(h))))
          .append("\" fill=\"#ccd\"><title>").append(bin.count()).append(" items</title></rect>");
    }
    StringBuilder line = new StringBuilder("<polyline fill=\"none\" stroke=\"" + COLOR_A + "\" stroke-width=\"2\" points=\"");
    for (Curves.ReliabilityBin bin : bins) {
      if (bin.count() > 0) {
        line.append(px(bin.meanPredicted())).append(',').append(py(bin.fractionPositive())).append(' ');
        b.append("<circle cx=\"").append(px(bin.meanPredicted())).append("\" cy=\"").append(py(bin.fractionPositive()))
            .append("\" r=\"3.5\" fill=\"").append(COLOR_A).append("\"><title>")
            .append(Html.escape("bin [" + Html.num(bin.lower()) + ", " + Html.num(bin.upper()) + "): n=" + bin.count()
                + ", predicted " + Html.num(bin.meanPredicted()) + ", observed " + Html.num(bin.fractionPositive())))
            .append("</title></circle>");
      }
    }
    b.append(line).append("\"/>");
    b.append("<text x=\"").append(ML + 6).append("\" y=\"").append(MT + 14).append("\" class=\"k\">bars: items per bin (n=")
        .append(n).append(")</text>");
    return b.append("</svg>").toString();
  }

  static String histogram(Curves.Histogram h) {
    int bins = h.positives().length;
    int tp = java.util.Arrays.stream(h.positives()).sum();
    int tn = java.util.Arrays.stream(h.negatives()).sum();
    double max = 1e-9;
    for (int k = 0; k < bins; k++) {
      max = Math.max(max, tp == 0 ? 0 : (double) h.positives()[k] / tp);
      max = Math.max(max, tn == 0 ? 0 : (double) h.negatives()[k] / tn);
    }
    StringBuilder b = open("Score histogram per class", "positive-class score", "share of the class", max);
    for (int k = 0; k < bins; k++) {
      double x0 = h.edges()[k];
      double x1 = h.edges()[k + 1];
      double mid = (x0 + x1) / 2;
      double neg = tn == 0 ? 0 : (double) h.negatives()[k] / tn / max;
      double pos = tp == 0 ? 0 : (double) h.positives()[k] / tp / max;
      bar(b, x0, mid, neg, COLOR_NEG, h.negatives()[k] + " negatives");
      bar(b, mid, x1, pos, COLOR_POS, h.positives()[k] + " positives");
    }
    b.append("<text x=\"").append(ML + 6).append("\" y=\"").append(MT + 14).append("\" class=\"k\" fill=\"").append(COLOR_NEG)
        .append("\">negatives (n=").append(tn).append(")</text>");
    b.append("<text x=\"").append(ML + 6).append("\" y=\"").append(MT + 28).append("\" class=\"k\" fill=\"").append(COLOR_POS)
        .append("\">positives (n=").append(tp).append(")</text>");
    return b.append("</svg>").toString();
  }

  private static void bar(StringBuilder b, double x0, double x1, double h, String color, String title) {
    if (h <= 0) {
      return;
    }
    b.append("<rect x=\"").append(px(x0)).append("\" y=\"").append(py(h)).append("\" width=\"")
        .append(Html.c(Double.parseDouble(px(x1)) - Double.parseDouble(px(x0)) - 0.5)).append("\" height=\"")
        .append(Html.c(Double.parseDouble(py(0)) - Double.parseDouble(py(h)))).append("\" fill=\"").append(color)
        .append("\" fill-opacity=\"0.75\"><title>").append(Html.escape(title)).append("</title></rect>");
  }

  static String confusion(Confusion c) {
    int w = 300;
    int h = 240;
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
        .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\" role=\"img\" aria-label=\"confusion matrix\">");
    b.append("<text x=\"").append(w / 2).append("\" y=\"16\" text-anchor=\"middle\" class=\"t\">Confusion matrix at threshold ")
        .append(Html.num(c.threshold())).append("</text>");
    double total = Math.max(1, c.total());
    String[][] labels = {{"TN", "FP"}, {"FN", "TP"}};
    double[][] v = {{c.tn(), c.fp()}, {c.fn(), c.tp()}};
    int x0 = 90;
    int y0 = 50;
    int cell = 85;
    for (int r = 0; r < 2; r++) {
      for (int col = 0; col < 2; col++) {
        double share = v[r][col] / total;
        boolean correct = r == col;
        String fill = correct ? "rgba(31,119,180," + Html.c(0.15 + 0.7 * share) + ")" : "rgba(214,39,40," + Html.c(0.15 + 0.7 * share) + ")";
        int x = x0 + col * cell;
        int y = y0 + r * cell;
        b.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(cell).append("\" height=\"").append(cell)
            .append("\" fill=\"").append(fill).append("\" stroke=\"#fff\"/>");
        b.append("<text x=\"").append(x + cell / 2).append("\" y=\"").append(y + cell / 2 - 4).append("\" text-anchor=\"middle\" class=\"big\">")
            .append((long) v[r][col]).append("</text>");
        b.append("<text x=\"").append(x + cell / 2).append("\" y=\"").append(y + cell / 2 + 14).append("\" text-anchor=\"middle\" class=\"k\">")
            .append(labels[r][col]).append(" · ").append(Html.c(100 * share)).append("%</text>");
      }
    }
    b.append("<text x=\"").append(x0 + cell).append("\" y=\"").append(y0 - 8).append("\" text-anchor=\"middle\" class=\"a\">predicted</text>");
    b.append("<text x=\"").append(x0 + cell / 2).append("\" y=\"").append(y0 + 2 * cell + 16).append("\" text-anchor=\"middle\" class=\"k\">negative</text>");
    b.append("<text x=\"").append(x0 + 3 * cell / 2).append("\" y=\"").append(y0 + 2 * cell + 16).append("\" text-anchor=\"middle\" class=\"k\">positive</text>");
    b.append("<text x=\"").append(x0 - 8).append("\" y=\"").append(y0 + cell / 2 + 4).append("\" text-anchor=\"end\" class=\"k\">negative</text>");
    b.append("<text x=\"").append(x0 - 8).append("\" y=\"").append(y0 + 3 * cell / 2 + 4).append("\" text-anchor=\"end\" class=\"k\">positive</text>");
    b.append("<text transform=\"translate(14,").append(y0 + cell).append(") rotate(-90)\" text-anchor=\"middle\" class=\"a\">actual</text>");
    return b.append("</svg>").toString();
  }
}
