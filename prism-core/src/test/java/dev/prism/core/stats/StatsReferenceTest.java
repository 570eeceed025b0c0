package dev.prism.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Every statistic against reference values computed once with scipy 1.17.1 / numpy (the exact call
 * is named beside each value) on fixed samples, plus a few values checked by hand (marked). The
 * samples A and B: {@code rng = numpy.random.default_rng(7); A = round(rng.normal(0, 1, 40), 2);
 * B = round(rng.normal(0.5, 1.3, 50), 2)}.
 */
class StatsReferenceTest {

  static final double[] A = {0.0, 0.3, -0.27, -0.89, -0.45, -0.99, 0.06, 1.34, -0.49, -0.62, 0.49, 0.36, 0.11,
      -0.93, -0.03, 0.7, -1.34, -0.46, -1.9, -1.29, -1.84, -0.24, -1.27, 0.27, 0.16, -0.19, -2.52, -0.54, -0.05,
      0.11, -1.53, -0.48, -0.98, -0.81, 1.06, -0.81, -0.03, 0.88, -0.58, -0.11};
  static final double[] B = {0.64, 0.58, -1.09, 0.6, 2.27, -1.51, 1.62, 0.66, -0.33, 3.1, 1.49, -1.06, 0.6, 1.25,
      0.25, 1.39, 0.41, 1.37, 2.37, -0.38, 0.76, -0.1, 0.67, -1.04, -0.25, 0.24, 1.67, 1.99, -1.22, -0.53, 1.34,
      -2.09, -0.1, 0.37, 2.13, 1.4, 0.07, 0.02, 0.17, 2.48, -0.06, 0.11, 0.96, 0.34, 0.24, -0.95, 0.49, -0.08,
      2.02, 1.35};

  @Test
  void kolmogorovSmirnovMatchesScipy() {
    KsResult ks = KolmogorovSmirnov.twoSample(A, B);
    // scipy.stats.ks_2samp(A, B).statistic
    assertThat(ks.statistic()).isCloseTo(0.44, within(1e-12));
    // scipy.special.kolmogorov(numpy.sqrt(40*50/90) * 0.44): the asymptotic p-value; ks_2samp's own
    // (exact, small-sample) p-value is 0.000223 — same order, as documented in KolmogorovSmirnov
    assertThat(ks.pValue()).isCloseTo(0.00036657872266518106, within(1e-12));
    assertThat(ks.n()).isEqualTo(40);
    assertThat(ks.m()).isEqualTo(50);
    // ties: scipy.stats.ks_2samp([0,0,1,1,1,2], [0,1,2,2,2,2,3]).statistic; by hand at x=1: |5/6 - 2/7| = 23/42
    KsResult tied = KolmogorovSmirnov.twoSample(new double[] {0, 0, 1, 1, 1, 2}, new double[] {0, 1, 2, 2, 2, 2, 3});
    assertThat(tied.statistic()).isCloseTo(23.0 / 42, within(1e-12)).isCloseTo(0.5476190476190477, within(1e-12));
  }

  @Test
  void kolmogorovDistributionMatchesScipy() {
    // scipy.special.kolmogorov(x) for x in 0.3, 0.5, 1.0, 1.36, 2.5 (1.36 is the textbook 5 % point)
    assertThat(KolmogorovSmirnov.kolmogorovSurvival(0.3)).isCloseTo(0.9999906941986655, within(1e-12));
    assertThat(KolmogorovSmirnov.kolmogorovSurvival(0.5)).isCloseTo(0.9639452436648751, within(1e-12));
    assertThat(KolmogorovSmirnov.kolmogorovSurvival(1.0)).isCloseTo(0.26999967167735456, within(1e-12));
    assertThat(KolmogorovSmirnov.kolmogorovSurvival(1.36)).isCloseTo(0.049485876755377876, within(1e-12));
    assertThat(KolmogorovSmirnov.kolmogorovSurvival(2.5)).isCloseTo(7.453306344157342e-06, within(1e-15));
    assertThat(KolmogorovSmirnov.kolmogorovSurvival(0)).isEqualTo(1.0);
  }

  @Test
  void wassersteinMatchesScipy() {
    // scipy.stats.wasserstein_distance(A, B)
    assertThat(Wasserstein.distance(A, B)).isCloseTo(0.9276, within(1e-12));
    // scipy.stats.wasserstein_distance([0,0,1,1,1,2], [0,1,2,2,2,2,3])
    assertThat(Wasserstein.distance(new double[] {0, 0, 1, 1, 1, 2}, new double[] {0, 1, 2, 2, 2, 2, 3}))
        .isCloseTo(0.880952380952381, within(1e-12));
    // by hand: moving a point mass from 0 to 3 costs 3
    assertThat(Wasserstein.distance(new double[] {0}, new double[] {3})).isEqualTo(3.0);
  }

  @Test
  void psiAndBinsMatchNumpy() {
    // edges = numpy.unique(numpy.quantile(A, [i/10 for i in 1..9])) (numpy's default linear quantile)
    double[] expectedEdges = {-1.359, -0.982, -0.81, -0.51, -0.36, -0.086, 0.018, 0.182, 0.511};
    PsiResult r = Psi.of(A, B, 10);
    assertThat(r.edges()).containsExactly(expectedEdges, within(1e-9));
    // numpy.bincount(numpy.searchsorted(edges, X, side='left'), minlength=10) for X = A, B
    assertThat(r.referenceCounts()).containsExactly(4, 4, 5, 3, 4, 4, 4, 4, 4, 4);
    assertThat(r.windowCounts()).containsExactly(2, 4, 1, 1, 1, 4, 2, 4, 7, 24);
    // pa, pb = maximum(counts/sum, 1e-4); sum((pb - pa) * log(pb / pa))
    assertThat(r.psi()).isCloseTo(1.1267490970631893, within(1e-12));
    // hand-checked: identical samples give exactly 0
    assertThat(Psi.of(A, A, 10).psi()).isEqualTo(0.0);
    // hand-checked epsilon: shares (1, 0) vs (0, 1) -> 2 · (1 - 1e-4) · ln(1e4) = 18.4188...
    assertThat(Psi.fromCounts(new long[] {10, 0}, new long[] {0, 7}))
        .isCloseTo(2 * (1 - 1e-4) * Math.log(1e4), within(1e-12));
  }

  @Test
  void jensenShannonMatchesScipy() {
    long[] ra = {4, 4, 5, 3, 4, 4, 4, 4, 4, 4};
    long[] rb = {2, 4, 1, 1, 1, 4, 2, 4, 7, 24};
    // scipy.spatial.distance.jensenshannon(ra, rb, base=2) ** 2
    assertThat(JensenShannon.fromCounts(ra, rb)).isCloseTo(0.18542913463868232, within(1e-12));
    assertThat(JensenShannon.binned(A, B, 10)).isCloseTo(0.18542913463868232, within(1e-12));
    // scipy.spatial.distance.jensenshannon([5,3,0,2], [1,1,6,0], base=2) ** 2
    assertThat(JensenShannon.fromCounts(new long[] {5, 3, 0, 2}, new long[] {1, 1, 6, 0}))
        .isCloseTo(0.5886764976206359, within(1e-12));
    // hand-checked: disjoint supports give the maximum 1, identical ones 0
    assertThat(JensenShannon.fromCounts(new long[] {1, 0}, new long[] {0, 1})).isCloseTo(1.0, within(1e-15));
    assertThat(JensenShannon.fromCounts(ra, ra)).isCloseTo(0.0, within(1e-15));
  }

  @Test
  void chiSquaredMatchesScipy() {
    // scipy.stats.chi2_contingency([[120,80,30,5],[90,110,25,15]], correction=False)
    ChiSquaredResult c = ChiSquared.contingency(new long[][] {{120, 80, 30, 5}, {90, 110, 25, 15}});
    assertThat(c.statistic()).isCloseTo(14.426068722943725, within(1e-10));
    assertThat(c.degreesOfFreedom()).isEqualTo(3);
    assertThat(c.pValue()).isCloseTo(0.0023789982668701547, within(1e-14));
    // an all-zero column (a class seen in neither sample) is dropped: same answer as without it
    ChiSquaredResult z = ChiSquared.contingency(new long[][] {{120, 80, 0, 30, 5}, {90, 110, 0, 25, 15}});
    assertThat(z).isEqualTo(c);
    // scipy.stats.chisquare([48,35,17], f_exp=[50,30,20])
    ChiSquaredResult g = ChiSquared.goodnessOfFit(new long[] {48, 35, 17}, new double[] {0.5, 0.3, 0.2});
    assertThat(g.statistic()).isCloseTo(1.3633333333333333, within(1e-12));
    assertThat(g.degreesOfFreedom()).isEqualTo(2);
    assertThat(g.pValue()).isCloseTo(0.5057733339556132, within(1e-12));
    // hand-checked: with 2 dof the survival function is exp(-x/2)
    assertThat(g.pValue()).isCloseTo(Math.exp(-1.3633333333333333 / 2), within(1e-14));
    // scipy.stats.chi2.sf(150, 3), chi2.sf(0.5, 1), chi2.sf(30, 25): a tiny p-value keeps its relative precision
    assertThat(ChiSquared.survival(150, 3)).isCloseTo(2.6349139284880416e-32, within(1e-44));
    assertThat(ChiSquared.survival(0.5, 1)).isCloseTo(0.47950012218695337, within(1e-13));
    assertThat(ChiSquared.survival(30, 25)).isCloseTo(0.22428900483440378, within(1e-13));
  }

  @Test
  void gammaFunctionsMatchScipy() {
    // scipy.special.gammaincc(2.5, 1.0), gammaincc(10, 20), gammaln(0.3), gammaln(100.5)
    assertThat(Gamma.regularizedUpper(2.5, 1.0)).isCloseTo(0.8491450360846096, within(1e-13));
    assertThat(Gamma.regularizedUpper(10, 20)).isCloseTo(0.0049954123083075785, within(1e-15));
    assertThat(Gamma.logGamma(0.3)).isCloseTo(1.0957979948180756, within(1e-12));
    assertThat(Gamma.logGamma(100.5)).isCloseTo(361.43554046777757, within(1e-9));
    // hand-checked: Γ(5) = 24
    assertThat(Gamma.logGamma(5)).isCloseTo(Math.log(24), within(1e-13));
    assertThat(Gamma.regularizedLower(2.5, 1.0) + Gamma.regularizedUpper(2.5, 1.0)).isCloseTo(1.0, within(1e-15));
  }

  @Test
  void aucByHandWithTies() {
    // hand-checked pair count: of 4 × 5 pairs, 15 wins and 3 ties -> (15 + 1.5) / 20 = 0.825
    // (also scipy.stats.mannwhitneyu(pos, neg).statistic / 20)
    double[] pos = {0.9, 0.8, 0.5, 0.5};
    double[] neg = {0.5, 0.3, 0.8, 0.1, 0.2};
    assertThat(RocAuc.of(pos, neg)).isCloseTo(0.825, within(1e-15));
    assertThat(RocAuc.of(new double[] {0.9, 0.3, 0.8, 0.5, 0.5, 0.1, 0.5, 0.2, 0.8},
        new boolean[] {true, false, true, true, false, false, true, false, false})).isCloseTo(0.825, within(1e-15));
    assertThat(RocAuc.of(new double[] {1, 1}, new double[] {1})).isEqualTo(0.5);
  }

  @Test
  void badInputIsRefusedWithItsPosition() {
    assertThatThrownBy(() -> KolmogorovSmirnov.twoSample(new double[] {1, Double.NaN}, A))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("first sample[1] = NaN");
    assertThatThrownBy(() -> Wasserstein.distance(new double[0], A))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> ChiSquared.contingency(new long[][] {{1, 2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
    assertThatThrownBy(() -> ChiSquared.goodnessOfFit(new long[] {1, 2}, new double[] {0.5, 0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proportion [1]");
    assertThatThrownBy(() -> RocAuc.of(new double[] {1}, new boolean[] {true}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both classes");
    assertThatThrownBy(() -> Psi.of(A, B, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bins = 1");
  }
}
