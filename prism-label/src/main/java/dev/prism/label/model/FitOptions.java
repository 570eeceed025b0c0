package dev.prism.label.model;

/**
 * Settings of an EM fit.
 *
 * @param balance the class prior
 * @param maxIterations EM iterations at most
 * @param tolerance stop when no parameter P(vote | class) moves by more than this in one step
 * @param smoothing (k + 1)·{@code smoothing} pseudo-items per LF and class, spread over its k + 1
 *     outcomes (k votes and abstain) like the LF's outcomes in the data, so no probability of a
 *     vote the LF casts is 0 and a class that EM drains of items looks like the average item
 * @param detectDuplicates fit on one LF per group of LFs with identical votes on every item (a
 *     duplicated LF would otherwise count its evidence twice)
 * @param parameterization how P(vote | class) is tied across classes (see {@link Parameterization})
 * @param priorStrength pseudo-votes of the prior that each LF is right with probability {@link
 *     #PRIOR_ACCURACY} (a Beta prior on its accuracy, or a diagonal Dirichlet prior on its confusion
 *     matrix); 0 = maximum likelihood. It keeps LFs with few votes better than random and ties each
 *     class index to the LF votes for that class, which rules out label switching
 */
public record FitOptions(ClassBalance balance, int maxIterations, double tolerance, double smoothing,
    boolean detectDuplicates, Parameterization parameterization, double priorStrength) {

  /** Enough for WRENCH-size data to converge to 1e-7; 1M × 100 synthetic converges in far fewer. */
  public static final int DEFAULT_MAX_ITERATIONS = 300;

  public static final double DEFAULT_TOLERANCE = 1e-7;

  /** Small next to any real count; measured: youtube accuracy is unchanged for 0.001..1. */
  public static final double DEFAULT_SMOOTHING = 0.01;

  /**
   * The prior mean of an LF's accuracy: Snorkel's LabelModel initialises every LF at precision 0.7
   * ({@code prec_init}); an LF is written because its author expects it to be mostly right.
   */
  public static final double PRIOR_ACCURACY = 0.7;

  /**
   * Two pseudo-votes: an LF with 2 votes is pulled halfway to {@link #PRIOR_ACCURACY}, one with 200
   * votes by 1 %. Weak enough that the data decides for any LF that fires more than a handful of
   * times, strong enough that an LF with one or two votes cannot be estimated at accuracy 0 or 1.
   */
  public static final double DEFAULT_PRIOR_STRENGTH = 2.0;

  /** How a model ties its P(λ_j = v | Y = c) parameters. */
  public enum Parameterization {
    /**
     * One accuracy α_j per LF: P(λ_j = c | Y = c, j votes) = α_j, every wrong class (k − 1 of them)
     * equally likely, and whether j votes independent of Y. m parameters instead of m·k·k; an
     * abstention carries no evidence, exactly, in this likelihood. (Snorkel's data programming and
     * the one-coin Dawid–Skene model.)
     */
    ACCURACY,
    /** A full k × k table per LF (and abstain, class-dependent): Dawid–Skene's confusion matrices. */
    CONFUSION
  }

  public FitOptions {
    if (balance == null) {
      throw new IllegalArgumentException("class balance must not be null");
    }
    if (parameterization == null) {
      throw new IllegalArgumentException("parameterization must not be null");
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
    }
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
    }
    if (!(smoothing > 0) || !Double.isFinite(smoothing)) {
      throw new IllegalArgumentException("smoothing must be > 0, got " + smoothing);
    }
    if (!(priorStrength >= 0) || !Double.isFinite(priorStrength)) {
      throw new IllegalArgumentException("priorStrength must be finite and >= 0, got " + priorStrength);
    }
  }

  /** Defaults with the given prior and parameterization. */
  public static FitOptions defaults(ClassBalance balance, Parameterization p) {
    return new FitOptions(balance, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE, DEFAULT_SMOOTHING, true, p,
        DEFAULT_PRIOR_STRENGTH);
  }

  /** Defaults of the generative model ({@link Parameterization#CONFUSION}) with the given prior. */
  public static FitOptions defaults(ClassBalance balance) {
    return defaults(balance, Parameterization.CONFUSION);
  }

  public FitOptions withBalance(ClassBalance b) {
    return new FitOptions(b, maxIterations, tolerance, smoothing, detectDuplicates, parameterization, priorStrength);
  }

  public FitOptions withPriorStrength(double s) {
    return new FitOptions(balance, maxIterations, tolerance, smoothing, detectDuplicates, parameterization, s);
  }

  public FitOptions withParameterization(Parameterization p) {
    return new FitOptions(balance, maxIterations, tolerance, smoothing, detectDuplicates, p, priorStrength);
  }
}
