package dev.prism.monitor.report;

import dev.prism.learn.report.Html;
import java.util.List;
import java.util.Locale;

/**
 * Inline SVG plots for the monitor report, drawn like {@code prism eval}'s (same size, axes, colors;
 * no scripts or external resources): a CDF overlay and a histogram over the PSI bins for a scalar,
 * grouped bars of class shares for a label. Reference is blue, window red.
 */
final class Plots {
  static final int W = 380;
  static final int H = 320;
  private static final int ML = 52;
  private static final int MR = 16;
  private static final int MT = 30;
  private static final int MB = 46;
  static final String REF = "#1f77b4";
  static final String WIN = "#d62728";

  private Plots() {}

  private static String c(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static double px(double x) {
    return ML + x * (W - ML - MR);
  }

  private static double py(double y) {
    return H - MB - y * (H - MT - MB);
  }

  private static String tick(double v) {
    double a = Math.abs(v);
    return a != 0 && (a >= 1e5 || a < 1e-3) ? String.format(Locale.ROOT, "%.2g", v)
        : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /** Axes with x ticks over [xMin, xMax] and y over [0, yMax]. */
  private static StringBuilder open(String title, String xLabel, String yLabel, double xMin, double xMax, double yMax) {
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
        .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"")
        .append(Html.escape(title)).append("\">");
    b.append("<text x=\"").append(W / 2).append("\" y=\"18\" text-anchor=\"middle\" class=\"t\">").append(Html.escape(title))
        .append("</text>");
    b.append("<rect x=\"").append(ML).append("\" y=\"").append(MT).append("\" width=\"").append(W - ML - MR)
        .append("\" height=\"").append(H - MT - MB).append("\" fill=\"none\" stroke=\"#999\"/>");
    for (int k = 0; k <= 4; k++) {
      double v = k / 4.0;
      b.append("<line x1=\"").append(c(px(v))).append("\" y1=\"").append(c(py(0))).append("\" x2=\"").append(c(px(v)))
          .append("\" y2=\"").append(c(py(1))).append("\" stroke=\"#eee\"/>");
      b.append("<line x1=\"").append(c(px(0))).append("\" y1=\"").append(c(py(v))).append("\" x2=\"").append(c(px(1)))
          .append("\" y2=\"").append(c(py(v))).append("\" stroke=\"#eee\"/>");
      if (Double.isFinite(xMin)) {
        b.append("<text x=\"").append(c(px(v))).append("\" y=\"").append(H - MB + 15).append("\" text-anchor=\"middle\" class=\"k\">")
            .append(Html.escape(tick(xMin + v * (xMax - xMin)))).append("</text>");
      }
      b.append("<text x=\"").append(ML - 6).append("\" y=\"").append(c(py(v) + 4)).append("\" text-anchor=\"end\" class=\"k\">")
          .append(Html.escape(tick(v * yMax))).append("</text>");
    }
    b.append("<text x=\"").append((ML + W - MR) / 2).append("\" y=\"").append(H - 8).append("\" text-anchor=\"middle\" class=\"a\">")
        .append(Html.escape(xLabel)).append("</text>");
    b.append("<text transform=\"translate(14,").append((MT + H - MB) / 2).append(") rotate(-90)\" text-anchor=\"middle\" class=\"a\">")
        .append(Html.escape(yLabel)).append("</text>");
    return b;
  }

  private static void legend(StringBuilder b, boolean left) {
    int lx = left ? ML + 8 : W - MR - 96;
    int ly = MT + 14;
    b.append("<rect x=\"").append(lx - 4).append("\" y=\"").append(ly - 12).append("\" width=\"92\" height=\"32\" fill=\"#fff\" fill-opacity=\"0.85\"/>");
    String[][] items = {{"reference", REF}, {"window", WIN}};
    for (String[] it : items) {
      b.append("<line x1=\"").append(lx).append("\" y1=\"").append(ly - 4).append("\" x2=\"").append(lx + 20).append("\" y2=\"")
          .append(ly - 4).append("\" stroke=\"").append(it[1]).append("\" stroke-width=\"2\"/>");
      b.append("<text x=\"").append(lx + 24).append("\" y=\"").append(ly).append("\" class=\"k\">").append(it[0]).append("</text>");
      ly += 14;
    }
  }

  /** Empirical CDFs from percentiles 0..100 of each side. */
  static String cdf(String title, double[] refQ, double[] winQ) {
    double lo = Math.min(refQ[0], winQ[0]);
    double hi = Math.max(refQ[refQ.length - 1], winQ[winQ.length - 1]);
    double span = hi > lo ? hi - lo : 1;
    StringBuilder b = open(title, "value", "cumulative share", lo, lo + span, 1);
    for (double[][] s : new double[][][] {{refQ}, {winQ}}) {
      double[] q = s[0];
      b.append("<polyline fill=\"none\" stroke=\"").append(q == refQ ? REF : WIN).append("\" stroke-width=\"2\" points=\"");
      for (int i = 0; i < q.length; i++) {
        b.append(c(px((q[i] - lo) / span))).append(',').append(c(py(i / (double) (q.length - 1)))).append(' ');
      }
      b.append("\"/>");
    }
    legend(b, false);
    return b.append("</svg>").toString();
  }

  /** Shares per bin, reference and window side by side; bins are labelled by their upper edge. */
  static String histogram(String title, double[] edges, long[] ref, long[] win) {
    double nr = sum(ref);
    double nw = sum(win);
    double max = 0;
    for (int i = 0; i < ref.length; i++) {
      max = Math.max(max, Math.max(ref[i] / nr, win[i] / nw));
    }
    double yMax = max <= 0 ? 1 : Math.min(1, Math.ceil(max * 10) / 10);
    StringBuilder b = open(title, "bin (reference deciles; label = upper edge)", "share of values", Double.NaN, Double.NaN, yMax);
    int k = ref.length;
    double bw = 1.0 / k;
    for (int i = 0; i < k; i++) {
      bar(b, i * bw + bw * 0.1, bw * 0.4, ref[i] / nr / yMax, REF, "reference " + ref[i] + " (" + Html.num(ref[i] / nr) + ")");
      bar(b, i * bw + bw * 0.5, bw * 0.4, win[i] / nw / yMax, WIN, "window " + win[i] + " (" + Html.num(win[i] / nw) + ")");
      String label = i < edges.length ? "≤" + tick(edges[i]) : "more";
      if (k <= 12) {
        b.append("<text x=\"").append(c(px(i * bw + bw / 2))).append("\" y=\"").append(H - MB + 15)
            .append("\" text-anchor=\"middle\" class=\"k\">").append(Html.escape(label)).append("</text>");
      }
    }
    legend(b, false);
    return b.append("</svg>").toString();
  }

  /** Class shares, reference and window side by side. */
  static String shares(String title, List<String> classes, double[] ref, double[] win) {
    double max = 0;
    for (int i = 0; i < ref.length; i++) {
      max = Math.max(max, Math.max(ref[i], win[i]));
    }
    double yMax = max <= 0 ? 1 : Math.min(1, Math.ceil(max * 10) / 10);
    StringBuilder b = open(title, "class", "share", Double.NaN, Double.NaN, yMax);
    int k = classes.size();
    double bw = 1.0 / Math.max(1, k);
    for (int i = 0; i < k; i++) {
      bar(b, i * bw + bw * 0.1, bw * 0.4, ref[i] / yMax, REF, classes.get(i) + " reference " + Html.num(ref[i]));
      bar(b, i * bw + bw * 0.5, bw * 0.4, win[i] / yMax, WIN, classes.get(i) + " window " + Html.num(win[i]));
      if (k <= 16) {
        b.append("<text x=\"").append(c(px(i * bw + bw / 2))).append("\" y=\"").append(H - MB + 15)
            .append("\" text-anchor=\"middle\" class=\"k\">").append(Html.escape(classes.get(i))).append("</text>");
      }
    }
    legend(b, false);
    return b.append("</svg>").toString();
  }

  private static void bar(StringBuilder b, double x, double w, double h, String color, String tip) {
    double hh = Math.max(0, Math.min(1, h));
    b.append("<rect x=\"").append(c(px(x))).append("\" y=\"").append(c(py(hh))).append("\" width=\"")
        .append(c(px(x + w) - px(x))).append("\" height=\"").append(c(py(0) - py(hh))).append("\" fill=\"").append(color)
        .append("\" fill-opacity=\"0.75\"><title>").append(Html.escape(tip)).append("</title></rect>");
  }

  private static double sum(long[] x) {
    double s = 0;
    for (long v : x) {
      s += v;
    }
    return s == 0 ? 1 : s;
  }
}
