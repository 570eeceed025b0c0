package dev.prism.models.text;

/**
 * A tokenized batch padded to its longest sequence: row-major {@code [batch, seqLen]} arrays as
 * ONNX Runtime wants them. {@code lengths[i]} is item i's real token count (mask ones).
 */
public record TokenBatch(int batch, int seqLen, long[] inputIds, long[] attentionMask, long[] tokenTypeIds, int[] lengths) {
  public TokenBatch {
    int n = batch * seqLen;
    if (inputIds.length != n || attentionMask.length != n || tokenTypeIds.length != n || lengths.length != batch) {
      throw new IllegalArgumentException("token batch arrays do not match shape [" + batch + ", " + seqLen + "]");
    }
  }

  public long tokenCount() {
    long t = 0;
    for (int l : lengths) {
      t += l;
    }
    return t;
  }
}
