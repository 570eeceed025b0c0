package dev.prism.core.stats;

/**
 * A population stability index and the binning it came from.
 *
 * @param psi the index, {@code Σ (w_i - r_i) ln(w_i / r_i)} over bins, 0 when the shares agree
 * @param edges the interior bin edges (from the reference's quantiles)
 * @param referenceCounts reference values per bin
 * @param windowCounts window values per bin
 */
public record PsiResult(double psi, double[] edges, long[] referenceCounts, long[] windowCounts) {}
