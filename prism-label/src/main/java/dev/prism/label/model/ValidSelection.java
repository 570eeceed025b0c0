package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WRENCH's protocol for choosing a label model: every candidate (a model with one setting of its
 * hyperparameters) is fit on train's votes and scored on the labelled valid split by the dataset's
 * metric; the best valid score wins (the earlier candidate on a tie, and candidates are listed
 * simplest first). The test split is not an input: a caller reads it once, for the winner, after
 * {@link #select} has returned.
 */
public final class ValidSelection {

  /** The models {@code --select-on valid} searches, simplest first. */
  public static final List<String> MODELS = List.of("mv", "wmv", "ds", "generative", "metal", "flyingsquid");

  /** Dirichlet/Beta pseudo-votes searched: none, the default, strong. */
  static final double[] PRIOR_STRENGTHS = {0, FitOptions.DEFAULT_PRIOR_STRENGTH, 10};

  /** Snorkel's default learning rate and a decade either side (WRENCH searches 1e-5..1e-1). */
  static final double[] METAL_LEARNING_RATES = {0.001, MatrixCompletionModel.DEFAULT_LEARNING_RATE, 0.1};

  private static final Logger LOG = LoggerFactory.getLogger(ValidSelection.class);

  private ValidSelection() {}

  /**
   * One model with one hyperparameter setting.
   *
   * @param model the model's name ({@link #MODELS})
   * @param params its hyperparameters, for reports
   */
  public record Candidate(String model, String params, LabelModel labelModel) {}

  /**
   * A candidate's valid score, or why it could not be fit ({@code valid} null, {@code score} NaN),
   * e.g. matrix completion on more LF × class features than it supports.
   */
  public record Scored(Candidate candidate, Metrics valid, double score, long fitMillis, String skipped) {}

  /**
   * The outcome: every candidate's valid score, in search order, and the winner, fitted.
   *
   * @param best index into {@code scored} of the winner
   */
  public record Result(List<Scored> scored, int best, FittedLabelModel fitted, EvalMetric metric) {
    public Result {
      scored = List.copyOf(scored);
    }

    public Scored winner() {
      return scored.get(best);
    }
  }

  /**
   * The documented search space of one model.
   *
   * @param validBalance the class balance estimated from valid's labels, if there is one
   */
  public static List<Candidate> grid(String model, Optional<ClassBalance> validBalance) {
    List<ClassBalance> known = new ArrayList<>(List.of(new ClassBalance.Uniform()));
    validBalance.ifPresent(known::add);
    List<ClassBalance> all = new ArrayList<>(known);
    all.add(new ClassBalance.Learned());
    List<Candidate> out = new ArrayList<>();
    switch (model) {
      case "mv" -> out.add(new Candidate("mv", "", new MajorityVote()));
      case "wmv" -> validBalance.ifPresent(b -> out.add(new Candidate("wmv", "balance=valid", new WeightedMajorityVote(b))));
      case "ds", "generative" -> {
        boolean ds = model.equals("ds");
        List<FitOptions.Parameterization> ps = ds ? List.of(FitOptions.Parameterization.CONFUSION)
            : List.of(FitOptions.Parameterization.CONFUSION, FitOptions.Parameterization.ACCURACY);
        for (FitOptions.Parameterization p : ps) {
          for (ClassBalance b : all) {
            for (double s : PRIOR_STRENGTHS) {
              FitOptions o = FitOptions.defaults(b, p).withPriorStrength(s);
              String params = (ds ? "" : "parameterization=" + p.name().toLowerCase(java.util.Locale.ROOT) + " ")
                  + "balance=" + balanceName(b) + " prior_strength=" + s;
              out.add(new Candidate(model, params, ds ? new DawidSkene(o) : new GenerativeLabelModel(o)));
            }
          }
        }
      }
      case "metal" -> {
        for (ClassBalance b : known) {
          for (double lr : METAL_LEARNING_RATES) {
            out.add(new Candidate("metal", "balance=" + balanceName(b) + " lr=" + lr + " epochs="
                + MatrixCompletionModel.DEFAULT_EPOCHS,
                new MatrixCompletionModel(b, MatrixCompletionModel.DEFAULT_EPOCHS, lr, MatrixCompletionModel.DEFAULT_L2)));
          }
        }
      }
      case "flyingsquid" -> {
        for (ClassBalance b : known) {
          out.add(new Candidate("flyingsquid", "balance=" + balanceName(b), new TripletModel(b)));
        }
      }
      default -> throw new IllegalArgumentException("unknown label model '" + model + "' (expected one of " + MODELS + ")");
    }
    return out;
  }

  static String balanceName(ClassBalance b) {
    return switch (b) {
      case ClassBalance.Uniform u -> "uniform";
      case ClassBalance.Learned l -> "learned";
      case ClassBalance.Given g -> "valid";
    };
  }

  /**
   * Fits every candidate on {@code train} and scores it on {@code valid}; never sees test.
   *
   * @param validGold valid's gold labels (all in [0, k))
   */
  public static Result select(List<Candidate> candidates, LabelMatrix train, LabelMatrix valid, int[] validGold,
      EvalMetric metric, TieBreak tieBreak, long seed, int positiveClass) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no candidates to select from");
    }
    List<Scored> scored = new ArrayList<>();
    int best = -1;
    FittedLabelModel bestFit = null;
    for (Candidate c : candidates) {
      long t0 = System.nanoTime();
      FittedLabelModel f;
      try {
        f = c.labelModel().fit(train);
      } catch (IllegalArgumentException | IllegalStateException e) {
        // One model that cannot handle this dataset must not stop the search over the others.
        LOG.warn("{} {} skipped: {}", c.model(), c.params(), e.getMessage());
        scored.add(new Scored(c, null, Double.NaN, (System.nanoTime() - t0) / 1_000_000, e.getMessage()));
        continue;
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      Metrics v = Metrics.of(validGold, f.predict(valid, tieBreak, seed), positiveClass, train.k());
      double score = v.get(metric);
      scored.add(new Scored(c, v, score, ms, null));
      if (best < 0 || score > scored.get(best).score()) {
        best = scored.size() - 1;
        bestFit = f;
      }
    }
    if (bestFit == null) {
      throw new IllegalArgumentException("no candidate could be fit: " + scored.get(0).skipped());
    }
    return new Result(scored, best, bestFit, metric);
  }
}
