package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;
import java.util.Arrays;

/**
 * The distinct rows of a label matrix with their multiplicities. EM only depends on a row's vote
 * pattern, so it runs over distinct patterns weighted by count: WRENCH youtube's 1,686 rows have 150
 * patterns. On dense random synthetic data nearly every row is distinct and this costs one hashing
 * pass.
 */
record RowGroups(LabelMatrix unique, double[] weight, int[] groupOf) {

  static RowGroups of(LabelMatrix l) {
    int n = l.n();
    char[] f = l.features();
    int cap = Integer.highestOneBit(Math.max(2, n * 2 - 1)) << 1;
    int[] table = new int[cap];
    Arrays.fill(table, -1);
    int[] groupOf = new int[n];
    int[] representative = new int[n];
    double[] weight = new double[n];
    int groups = 0;
    for (int i = 0; i < n; i++) {
      int s = l.rowStart(i);
      int e = l.rowStart(i + 1);
      long h = 0x9E3779B97F4A7C15L;
      for (int p = s; p < e; p++) {
        h = (h ^ f[p]) * 0xBF58476D1CE4E5B9L;
      }
      h ^= (e - s);
      int slot = (int) (h ^ (h >>> 31)) & (cap - 1);
      while (true) {
        int g = table[slot];
        if (g < 0) {
          table[slot] = groups;
          representative[groups] = i;
          weight[groups] = 1;
          groupOf[i] = groups++;
          break;
        }
        if (sameRow(l, representative[g], i)) {
          weight[g]++;
          groupOf[i] = g;
          break;
        }
        slot = (slot + 1) & (cap - 1);
      }
    }
    LabelMatrix.Builder b = new LabelMatrix.Builder(l.m(), l.k(), groups);
    for (int g = 0; g < groups; g++) {
      b.addRow(l.row(representative[g]));
    }
    return new RowGroups(b.build(), Arrays.copyOf(weight, groups), groupOf);
  }

  private static boolean sameRow(LabelMatrix l, int a, int b) {
    int sa = l.rowStart(a);
    int ea = l.rowStart(a + 1);
    int sb = l.rowStart(b);
    if (ea - sa != l.rowStart(b + 1) - sb) {
      return false;
    }
    char[] f = l.features();
    for (int t = 0; t < ea - sa; t++) {
      if (f[sa + t] != f[sb + t]) {
        return false;
      }
    }
    return true;
  }
}
