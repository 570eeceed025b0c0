package dev.prism.learn.predict;

import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.learn.calibrate.Calibration;
import dev.prism.learn.features.FeatureAssembler;
import dev.prism.learn.features.FeatureLayout;
import dev.prism.learn.features.Standardizer;
import dev.prism.learn.model.Head;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to go from input signal values to calibrated class probabilities:
 * feature layout → {@link FeatureAssembler} → {@link Standardizer} → {@link Head} → {@link
 * Calibration}. Training, evaluation and {@code HeadNode} all predict through this one class.
 *
 * @param classes class names, index = class id (binary: index 1 is the positive class)
 */
public record HeadModel(FeatureLayout layout, Standardizer standardizer, Head head, Calibration calibration, List<String> classes) {

  public HeadModel {
    classes = List.copyOf(classes);
    int w = layout.width();
    if (standardizer.width() != w) {
      throw new IllegalArgumentException("standardizer has width " + standardizer.width() + " but the feature layout has " + w);
    }
    if (head.inputDim() != w) {
      throw new IllegalArgumentException(head.type() + " head expects " + head.inputDim() + " features but the feature layout has " + w);
    }
    if (classes.size() != head.numClasses()) {
      throw new IllegalArgumentException(head.type() + " head has " + head.numClasses() + " classes but " + classes.size() + " class names are given: " + classes);
    }
    if (classes.stream().distinct().count() != classes.size()) {
      throw new IllegalArgumentException("class names must be distinct: " + classes);
    }
    calibration.requireClasses(head.numClasses());
  }

  public int numClasses() {
    return classes.size();
  }

  public FeatureAssembler assembler() {
    return new FeatureAssembler(layout);
  }

  /** Head probabilities before calibration, from a raw feature vector. */
  public double[] uncalibrated(double[] rawFeatures) {
    return head.probabilities(standardizer.apply(rawFeatures));
  }

  /** Calibrated class probabilities from a raw feature vector. */
  public double[] probabilities(double[] rawFeatures) {
    return calibration.apply(uncalibrated(rawFeatures));
  }

  /** Calibrated class probabilities from input signal values. */
  public double[] predict(Map<SignalSpec, SignalValue> inputs) {
    return probabilities(assembler().assemble(inputs));
  }

  /** Calibrated class probabilities from input values given in layout order. */
  public double[] predict(List<SignalValue> inputsInLayoutOrder) {
    return probabilities(assembler().assemble(inputsInLayoutOrder));
  }
}
