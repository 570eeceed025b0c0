package dev.prism.learn.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** How to train a head. The sealed variants are the two head types this module trains. */
public sealed interface HeadConfig {

  /** Configuration as flat strings, stored in artifact provenance. */
  Map<String, String> describe();

  /**
   * L2-regularised multinomial logistic regression minimised by L-BFGS. Objective: mean
   * cross-entropy against the target distributions + (l2 / 2)·||W||² (biases unpenalised).
   */
  record Logistic(double l2, int maxIterations, double gradientTolerance) implements HeadConfig {
    /** Ridge strength on the mean loss; 1e-3 ≈ scikit-learn C = 1/(l2·n) ≈ 0.6 for n = 1,600. */
    public static final double DEFAULT_L2 = 1e-3;
    public static final int DEFAULT_MAX_ITERATIONS = 500;
    public static final double DEFAULT_GRADIENT_TOLERANCE = 1e-6;

    public Logistic {
      if (!(l2 >= 0) || maxIterations < 1 || !(gradientTolerance > 0)) {
        throw new IllegalArgumentException("logistic config needs l2 >= 0, maxIterations >= 1, gradientTolerance > 0; got "
            + l2 + ", " + maxIterations + ", " + gradientTolerance);
      }
    }

    public static Logistic defaults() {
      return new Logistic(DEFAULT_L2, DEFAULT_MAX_ITERATIONS, DEFAULT_GRADIENT_TOLERANCE);
    }

    @Override
    public Map<String, String> describe() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("head", "logistic");
      m.put("l2", Double.toString(l2));
      m.put("optimizer", "lbfgs");
      m.put("max_iterations", Integer.toString(maxIterations));
      m.put("gradient_tolerance", Double.toString(gradientTolerance));
      return m;
    }
  }

  /**
   * One hidden ReLU layer trained by Adam on minibatches with early stopping on the validation
   * loss (the best epoch's weights are kept).
   */
  record Mlp(int hidden, double learningRate, int batchSize, int maxEpochs, int patience, double l2, long seed)
      implements HeadConfig {
    public static final int DEFAULT_HIDDEN = 64;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final int DEFAULT_MAX_EPOCHS = 200;
    /** Epochs without a validation-loss improvement before stopping. */
    public static final int DEFAULT_PATIENCE = 10;
    public static final double DEFAULT_L2 = 1e-4;
    public static final long DEFAULT_SEED = 42L;

    public Mlp {
      if (hidden < 1 || !(learningRate > 0) || batchSize < 1 || maxEpochs < 1 || patience < 1 || !(l2 >= 0)) {
        throw new IllegalArgumentException("mlp config needs hidden, batchSize, maxEpochs, patience >= 1, learningRate > 0, l2 >= 0; got "
            + describeUnchecked(hidden, learningRate, batchSize, maxEpochs, patience, l2));
      }
    }

    private static String describeUnchecked(int h, double lr, int b, int e, int p, double l) {
      return "hidden=" + h + " lr=" + lr + " batch=" + b + " epochs=" + e + " patience=" + p + " l2=" + l;
    }

    public static Mlp defaults() {
      return new Mlp(DEFAULT_HIDDEN, DEFAULT_LEARNING_RATE, DEFAULT_BATCH_SIZE, DEFAULT_MAX_EPOCHS, DEFAULT_PATIENCE, DEFAULT_L2, DEFAULT_SEED);
    }

    public Mlp withSeed(long newSeed) {
      return new Mlp(hidden, learningRate, batchSize, maxEpochs, patience, l2, newSeed);
    }

    @Override
    public Map<String, String> describe() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("head", "mlp");
      m.put("hidden", Integer.toString(hidden));
      m.put("activation", "relu");
      m.put("optimizer", "adam");
      m.put("learning_rate", Double.toString(learningRate));
      m.put("batch_size", Integer.toString(batchSize));
      m.put("max_epochs", Integer.toString(maxEpochs));
      m.put("patience", Integer.toString(patience));
      m.put("l2", Double.toString(l2));
      m.put("seed", Long.toString(seed));
      return m;
    }
  }
}
