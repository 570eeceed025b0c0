package dev.prism.index;

/** What an index holds: float embeddings or 64-bit hashes. Fixes the metric. */
public enum IndexKind {
  /** Dense float vectors ({@code SignalValue.Embedding}), L2-normalised; metric {@link Metric#COSINE}. */
  EMBEDDING(Metric.COSINE),
  /** 64-bit hashes ({@code SignalValue.Hash}, 16 hex digits); metric {@link Metric#HAMMING}. */
  HASH64(Metric.HAMMING);

  private final Metric metric;

  IndexKind(Metric metric) {
    this.metric = metric;
  }

  public Metric metric() {
    return metric;
  }
}
