package dev.prism.models.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.prism.models.onnx.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * WordPiece tokenization through the Hugging Face tokenizers library (DJL's JNI binding, native
 * code loaded from the jar). The library ignores fixed padding in a tokenizer.json, so padding is
 * disabled there and done here, to the longest item of each batch: a batch of short comments costs
 * short sequences, which is most of the batching win on real content.
 */
public final class TextTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final int maxTokens;

  public TextTokenizer(ModelArtifact tokenizerJson, int maxTokens) {
    this.maxTokens = maxTokens;
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson.open(), Map.of(
          "padding", "false",
          "truncation", "true",
          "maxLength", Integer.toString(maxTokens),
          "addSpecialTokens", "true"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer " + tokenizerJson.resource(), e);
    }
  }

  public int maxTokens() {
    return maxTokens;
  }

  /** One item's tokens, unpadded (its attention mask is all ones). */
  public record Tokens(long[] ids, long[] typeIds) {
    public int length() {
      return ids.length;
    }
  }

  /** Tokenizes each text (with [CLS]/[SEP], truncated to {@link #maxTokens()}), without padding. */
  public List<Tokens> encode(List<String> texts) {
    Encoding[] enc = tokenizer.batchEncode(texts);
    java.util.ArrayList<Tokens> out = new java.util.ArrayList<>(enc.length);
    for (Encoding e : enc) {
      out.add(new Tokens(e.getIds(), e.getTypeIds()));
    }
    return out;
  }

  /** Tokenizes and pads to the longest item in this batch. */
  public TokenBatch tokenize(List<String> texts) {
    return pad(encode(texts));
  }

  /** Pads items to the longest of them; padding positions get id 0 and mask 0. */
  public static TokenBatch pad(List<Tokens> items) {
    int seq = 1;
    for (Tokens t : items) {
      seq = Math.max(seq, t.length());
    }
    int b = items.size();
    long[] ids = new long[b * seq];
    long[] mask = new long[b * seq];
    long[] types = new long[b * seq];
    int[] lengths = new int[b];
    for (int i = 0; i < b; i++) {
      Tokens t = items.get(i);
      System.arraycopy(t.ids(), 0, ids, i * seq, t.length());
      System.arraycopy(t.typeIds(), 0, types, i * seq, t.length());
      java.util.Arrays.fill(mask, i * seq, i * seq + t.length(), 1L);
      lengths[i] = t.length();
    }
    return new TokenBatch(b, seq, ids, mask, types, lengths);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
