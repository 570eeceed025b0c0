package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;
import java.util.stream.IntStream;

/**
 * First and second moments of the one-hot vote features f = j·k + v over the items of a label
 * matrix: {@code single[f]} = P(λ_j = v) and {@code pair[f*d + g]} = P(λ_j = v, λ_j' = v') (d = m·k),
 * the overlap matrix O that matrix completion fits and from which the triplet method reads its
 * agreement rates. One pass over the votes, O(Σ_i votes_i²), in a fixed number of chunks summed in
 * order (bit-identical for any thread count).
 */
record Moments(int d, double n, double[] single, double[] pair) {

  /** d² doubles at most (≈ 134 MB): m·k up to 4,096, e.g. 400 LFs × 10 classes. */
  static final int MAX_FEATURES = 4096;

  private static final int CHUNKS = 64;

  static Moments of(LabelMatrix l, String model) {
    int d = l.m() * l.k();
    if (d > MAX_FEATURES) {
      throw new IllegalArgumentException(model + " needs the " + d + " × " + d + " vote overlap matrix; m·k = "
          + l.m() + "·" + l.k() + " exceeds the supported " + MAX_FEATURES);
    }
    int n = l.n();
    if (n == 0) {
      throw new IllegalArgumentException("cannot fit " + model + " on an empty label matrix");
    }
    int chunks = Math.min(CHUNKS, n);
    double[][] parts = new double[chunks][];
    char[] f = l.features();
    IntStream.range(0, chunks).parallel().forEach(ch -> {
      double[] o = new double[d * d];
      int from = (int) ((long) n * ch / chunks);
      int to = (int) ((long) n * (ch + 1) / chunks);
      for (int i = from; i < to; i++) {
        int s = l.rowStart(i);
        int e = l.rowStart(i + 1);
        for (int p = s; p < e; p++) {
          int a = f[p] * d;
          for (int q = s; q < e; q++) {
            o[a + f[q]] += 1;
          }
        }
      }
      parts[ch] = o;
    });
    double[] pair = new double[d * d];
    for (double[] o : parts) {
      for (int t = 0; t < o.length; t++) {
        pair[t] += o[t];
      }
    }
    double[] single = new double[d];
    for (int t = 0; t < d * d; t++) {
      pair[t] /= n;
    }
    for (int a = 0; a < d; a++) {
      single[a] = pair[a * d + a];
    }
    return new Moments(d, n, single, pair);
  }
}
