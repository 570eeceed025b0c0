package dev.prism.learn.model;

/**
 * A trained classifier over standardized feature vectors: k class logits per item. The sealed
 * variants are exactly those the artifact format can store.
 */
public sealed interface Head permits LogisticHead, MlpHead {

  /** Short type name as written in artifacts ({@code logistic}, {@code mlp}). */
  String type();

  int inputDim();

  int numClasses();

  /** Class logits for one standardized feature vector. */
  double[] logits(double[] z);

  /** Softmax of {@link #logits}. */
  default double[] probabilities(double[] z) {
    return MathUtil.softmax(logits(z));
  }
}
