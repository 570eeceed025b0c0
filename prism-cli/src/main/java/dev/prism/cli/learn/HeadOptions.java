package dev.prism.cli.learn;

import dev.prism.core.signal.SignalSpec;
import dev.prism.learn.TrainingOptions;
import dev.prism.learn.calibrate.CalibrationMethod;
import dev.prism.learn.model.HeadConfig;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/** Head and hyper-parameter options shared by {@code train} and {@code labels errors}. */
final class HeadOptions {
  @Option(names = "--head", defaultValue = "logistic", description = "logistic or mlp (default: ${DEFAULT-VALUE})")
  String head;

  @Option(names = "--classes", defaultValue = "0,1", description = "class names, index order; binary: the second is the positive class (default: ${DEFAULT-VALUE})")
  String classes;

  @Option(names = "--l2", description = "L2 strength on the mean loss (logistic default 1e-3, mlp 1e-4)")
  Double l2;

  @Option(names = "--max-iterations", defaultValue = "" + HeadConfig.Logistic.DEFAULT_MAX_ITERATIONS, description = "L-BFGS iterations (logistic)")
  int maxIterations;

  @Option(names = "--hidden", defaultValue = "" + HeadConfig.Mlp.DEFAULT_HIDDEN, description = "hidden units (mlp)")
  int hidden;

  @Option(names = "--epochs", defaultValue = "" + HeadConfig.Mlp.DEFAULT_MAX_EPOCHS, description = "maximum epochs (mlp)")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "" + HeadConfig.Mlp.DEFAULT_BATCH_SIZE, description = "minibatch size (mlp)")
  int batchSize;

  @Option(names = "--learning-rate", defaultValue = "" + HeadConfig.Mlp.DEFAULT_LEARNING_RATE, description = "Adam learning rate (mlp)")
  double learningRate;

  @Option(names = "--patience", defaultValue = "" + HeadConfig.Mlp.DEFAULT_PATIENCE, description = "early-stopping patience in epochs (mlp)")
  int patience;

  @Option(names = "--seed", defaultValue = "" + HeadConfig.Mlp.DEFAULT_SEED, description = "random seed (mlp init and shuffles)")
  long seed;

  @Option(names = "--no-standardize", description = "do not standardize features (e.g. for sparse counts)")
  boolean noStandardize;

  HeadConfig config() {
    return switch (head) {
      case "logistic" -> new HeadConfig.Logistic(l2 == null ? HeadConfig.Logistic.DEFAULT_L2 : l2, maxIterations,
          HeadConfig.Logistic.DEFAULT_GRADIENT_TOLERANCE);
      case "mlp" -> new HeadConfig.Mlp(hidden, learningRate, batchSize, epochs, patience, l2 == null ? HeadConfig.Mlp.DEFAULT_L2 : l2, seed);
      default -> throw new IllegalArgumentException("--head must be 'logistic' or 'mlp', got '" + head + "'");
    };
  }

  TrainingOptions options(CalibrationMethod calibration) {
    return new TrainingOptions(config(), !noStandardize, calibration, splitList(classes));
  }

  /** A comma-separated option value: items stripped, empty items dropped. */
  static List<String> splitList(String s) {
    return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
  }

  /** {@code --inputs}: signal specs in order, or {@code null} (all, in the first item's order) when not given. */
  static List<SignalSpec> specs(String s) {
    return s == null ? null : splitList(s).stream().map(SignalSpec::parse).toList();
  }
}
