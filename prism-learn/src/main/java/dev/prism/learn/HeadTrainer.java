package dev.prism.learn;

import dev.prism.learn.calibrate.Calibration;
import dev.prism.learn.features.FeatureLayout;
import dev.prism.learn.features.Standardizer;
import dev.prism.learn.model.HeadConfig;
import dev.prism.learn.model.LogisticTrainer;
import dev.prism.learn.model.MlpTrainer;
import dev.prism.learn.model.TrainedHead;
import dev.prism.learn.model.TrainingData;
import dev.prism.learn.model.TrainingLog;
import dev.prism.learn.predict.HeadModel;

/**
 * Trains a {@link HeadModel}: standardizer fitted on train only, head trained on train (the MLP
 * early-stops on valid), calibrator fitted on the head's validation-split probabilities.
 */
public final class HeadTrainer {
  private final TrainingOptions options;

  public HeadTrainer(TrainingOptions options) {
    this.options = options;
  }

  public TrainingOptions options() {
    return options;
  }

  /** The trained model and what happened while training it. */
  public record Result(HeadModel model, TrainingLog log) {}

  /**
   * @param valid validation split for calibration and MLP early stopping; may be empty only when
   *     calibration is {@code none} (the MLP then runs its maximum number of epochs)
   */
  public Result train(FeatureLayout layout, TrainingData train, TrainingData valid) {
    if (train.size() == 0) {
      throw new IllegalArgumentException("the training split is empty");
    }
    if (train.dim() != layout.width()) {
      throw new IllegalArgumentException("training features have width " + train.dim() + " but the layout " + layout.specs() + " has " + layout.width());
    }
    int k = options.classes().size();
    if (train.numClasses() != k) {
      throw new IllegalArgumentException("training targets have " + train.numClasses() + " classes but the options name " + k + ": " + options.classes());
    }
    if (valid.size() > 0 && (valid.dim() != train.dim() || valid.numClasses() != k)) {
      throw new IllegalArgumentException("validation data has width " + valid.dim() + " and " + valid.numClasses()
          + " classes; training data has " + train.dim() + " and " + k);
    }
    Standardizer std = options.standardize() ? Standardizer.fit(train.x()) : Standardizer.identity(train.dim());
    double[][] z = std.apply(train.x());
    double[][] vz = std.apply(valid.x());
    TrainedHead trained = switch (options.head()) {
      case HeadConfig.Logistic c -> new LogisticTrainer(c).train(z, train.targets());
      case HeadConfig.Mlp c -> new MlpTrainer(c).train(z, train.targets(), vz, valid.targets());
    };
    double[][] validProbs = new double[vz.length][];
    for (int i = 0; i < vz.length; i++) {
      validProbs[i] = trained.head().probabilities(vz[i]);
    }
    Calibration cal = Calibration.fit(options.calibration(), validProbs, valid.targets());
    return new Result(new HeadModel(layout, std, trained.head(), cal, options.classes()), trained.log());
  }
}
