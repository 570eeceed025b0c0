package dev.prism.learn.quality;

import dev.prism.learn.HeadTrainer;
import dev.prism.learn.TrainingOptions;
import dev.prism.learn.calibrate.CalibrationMethod;
import dev.prism.learn.features.FeatureLayout;
import dev.prism.learn.model.HeadConfig;
import dev.prism.learn.model.TrainingData;
import dev.prism.learn.predict.HeadModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Out-of-sample class probabilities by stratified k-fold cross-validation: each item's
 * probabilities come from a head that never saw it. This is what confident learning needs — an
 * in-sample model memorises exactly the label errors it should expose.
 *
 * <p>Folds are stratified by the (argmax) label: each class's items are shuffled with a seeded
 * {@link SplittableRandom} and dealt round-robin to the folds. The heads are trained without
 * calibration (there is no held-out split inside a fold); an MLP early-stops on a seeded 10 %
 * holdout of its training folds.
 */
public final class CrossValidation {
  private static final Logger log = LoggerFactory.getLogger(CrossValidation.class);
  public static final int DEFAULT_FOLDS = 5;
  public static final long DEFAULT_SEED = 7L;
  /** Share of the training folds held out for MLP early stopping. */
  static final double MLP_HOLDOUT = 0.1;

  private final int folds;
  private final long seed;

  public CrossValidation(int folds, long seed) {
    if (folds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
    }
    this.folds = folds;
    this.seed = seed;
  }

  /** The fold (0..folds-1) of every item. */
  public int[] assignFolds(int[] labels, int numClasses) {
    int[] fold = new int[labels.length];
    SplittableRandom rnd = new SplittableRandom(seed);
    int next = 0;
    for (int c = 0; c < numClasses; c++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          members.add(i);
        }
      }
      for (int i = members.size() - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        Integer t = members.get(i);
        members.set(i, members.get(j));
        members.set(j, t);
      }
      // continue the round-robin across classes so fold sizes stay balanced
      for (int m : members) {
        fold[m] = next;
        next = (next + 1) % folds;
      }
    }
    return fold;
  }

  /** n × k out-of-sample (uncalibrated) probabilities. */
  public double[][] outOfSampleProbabilities(FeatureLayout layout, TrainingData data, TrainingOptions options) {
    int n = data.size();
    if (n < folds) {
      throw new IllegalArgumentException("cross-validation with " + folds + " folds needs at least " + folds + " items, got " + n);
    }
    int[] labels = data.argmaxTargets();
    int[] fold = assignFolds(labels, data.numClasses());
    TrainingOptions uncalibrated = new TrainingOptions(options.head(), options.standardize(), CalibrationMethod.NONE, options.classes());
    double[][] out = new double[n][];
    for (int f = 0; f < folds; f++) {
      List<Integer> trainIdx = new ArrayList<>();
      List<Integer> testIdx = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        (fold[i] == f ? testIdx : trainIdx).add(i);
      }
      TrainingData train = data.subset(toArray(trainIdx));
      TrainingData valid = data.subset(new int[0]);
      if (options.head() instanceof HeadConfig.Mlp) {
        int[] perm = toArray(trainIdx);
        SplittableRandom rnd = new SplittableRandom(seed * 31 + f);
        for (int i = perm.length - 1; i > 0; i--) {
          int j = rnd.nextInt(i + 1);
          int t = perm[i];
          perm[i] = perm[j];
          perm[j] = t;
        }
        int hold = Math.max(1, (int) Math.round(perm.length * MLP_HOLDOUT));
        valid = data.subset(java.util.Arrays.copyOfRange(perm, 0, hold));
        train = data.subset(java.util.Arrays.copyOfRange(perm, hold, perm.length));
      }
      HeadModel model = new HeadTrainer(uncalibrated).train(layout, train, valid).model();
      for (int i : testIdx) {
        out[i] = model.probabilities(data.x()[i]);
      }
      log.info("cross-validation fold {}/{}: trained on {}, predicted {}", f + 1, folds, train.size(), testIdx.size());
    }
    return out;
  }

  private static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }
}
