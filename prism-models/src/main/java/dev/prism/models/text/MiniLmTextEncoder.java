package dev.prism.models.text;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.onnx.ModelArtifact;
import dev.prism.models.onnx.OnnxModel;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * {@code text_embedding@1}: all-MiniLM-L6-v2 sentence embeddings through ONNX Runtime.
 *
 * <p>Pipeline (DJL style, three separate steps): preprocessing = WordPiece tokenization with
 * truncation to {@code maxTokens}; runtime = one ONNX session call per model batch on padded
 * {@code [batch, seq]} tensors; postprocessing = mean of {@code last_hidden_state} over the
 * attention mask, then L2 normalisation (what sentence-transformers does for this model).
 *
 * <p>Batching: a graph batch (up to {@link #maxBatchSize()} items) is sorted by token length and
 * cut into model batches of at most {@code modelBatchSize} items and at most {@code batchTokenBudget}
 * padded tokens, so each model batch pads to a similar length and one long comment never pads 31
 * short ones to its length (social text is short with a long tail: that padding used to cost more
 * than the real tokens).
 * The fp32 model's output for an item does not depend on the other items of its batch (checked in
 * the tests), so this reordering is invisible to callers. The int8 model's output does depend on
 * its batch (dynamic quantization ranges are per tensor): it is an opt-in for throughput.
 */
public final class MiniLmTextEncoder implements Node {
  public static final String NODE_NAME = "minilm_text_encoder";
  public static final SignalSpec TEXT_EMBEDDING = new SignalSpec("text_embedding", 1);
  public static final int DIM = 384;

  /** Variants shipped in Maven Central jars (langchain4j's packaging of the sentence-transformers export). */
  public enum Variant {
    FP32("/all-minilm-l6-v2.onnx", "/all-minilm-l6-v2-tokenizer.json"),
    INT8("/all-minilm-l6-v2-q.onnx", "/all-minilm-l6-v2-q-tokenizer.json");

    final String model;
    final String tokenizer;

    Variant(String model, String tokenizer) {
      this.model = model;
      this.tokenizer = tokenizer;
    }
  }

  /**
   * @param maxTokens truncation length including [CLS]/[SEP]; sentence-transformers uses 256 for
   *     this model (it was trained on 128), the position table allows 512
   * @param modelBatchSize most items per ONNX call
   * @param batchTokenBudget most padded tokens (items x longest item) per ONNX call; an item longer
   *     than the budget runs alone
   * @param onnx ONNX Runtime session settings (threads, graph optimisation, deterministic compute)
   */
  public record Options(Variant variant, int maxTokens, int modelBatchSize, int batchTokenBudget, OnnxModel.Settings onnx) {
    public static final int DEFAULT_MAX_TOKENS = 256;
    public static final int DEFAULT_MODEL_BATCH_SIZE = 32;
    // Measured with `prism bench --stages pipeline` on 2 cores: 512 -> 187, 1024 -> 156-180, 2048 -> 150,
    // 4096 (64 items) -> 107 items/s. Small model batches keep activations in cache.
    public static final int DEFAULT_BATCH_TOKEN_BUDGET = 512;

    public Options {
      if (maxTokens < 8 || maxTokens > 512) {
        throw new IllegalArgumentException("maxTokens must be in [8, 512], got " + maxTokens);
      }
      if (modelBatchSize < 1 || modelBatchSize > 1024) {
        throw new IllegalArgumentException("modelBatchSize must be in [1, 1024], got " + modelBatchSize);
      }
      if (batchTokenBudget < 1) {
        throw new IllegalArgumentException("batchTokenBudget must be >= 1, got " + batchTokenBudget);
      }
      java.util.Objects.requireNonNull(onnx, "onnx");
    }

    /** Default ONNX settings apart from the intra-op thread count (0 = one per core). */
    public Options(Variant variant, int maxTokens, int modelBatchSize, int batchTokenBudget, int intraOpThreads) {
      this(variant, maxTokens, modelBatchSize, batchTokenBudget, OnnxModel.Settings.threads(intraOpThreads));
    }

    public int intraOpThreads() {
      return onnx.intraOpThreads();
    }

    public static Options defaults() {
      return new Options(Variant.FP32, DEFAULT_MAX_TOKENS, DEFAULT_MODEL_BATCH_SIZE, DEFAULT_BATCH_TOKEN_BUDGET,
          OnnxModel.Settings.DEFAULT);
    }
  }

  private final Options options;
  private final OnnxModel model;
  private final TextTokenizer tokenizer;
  private final boolean wantsTokenTypes;
  private final Provenance provenance;

  public MiniLmTextEncoder(Options options) {
    this.options = options;
    ModelArtifact tok = ModelArtifact.fromClasspath(options.variant().tokenizer);
    this.tokenizer = new TextTokenizer(tok, options.maxTokens());
    this.model = new OnnxModel(ModelArtifact.fromClasspath(options.variant().model), options.onnx());
    this.wantsTokenTypes = model.inputNames().contains("token_type_ids");
    Map<String, String> config = new HashMap<>(Map.of("pooling", "mean(attention_mask)", "normalize", "l2",
        "max_tokens", Integer.toString(options.maxTokens()), "tokenizer_sha256", tok.sha256(),
        "runtime", "onnxruntime " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion()));
    // threads, fusions and deterministic compute can change the last bits of an embedding
    config.putAll(options.onnx().describe());
    this.provenance = new Provenance(
        "sentence-transformers/all-MiniLM-L6-v2",
        options.variant().name().toLowerCase(java.util.Locale.ROOT),
        model.artifact().sha256(),
        null,
        config);
  }

  public Options options() {
    return options;
  }

  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  public OnnxModel model() {
    return model;
  }

  @Override
  public String name() {
    return NODE_NAME;
  }

  @Override
  public Set<SignalSpec> consumes() {
    return Set.of();
  }

  @Override
  public Set<SignalSpec> produces() {
    return Set.of(TEXT_EMBEDDING);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public int maxBatchSize() {
    // Large graph batches let the length sort above group similar lengths; model calls stay small.
    return options.modelBatchSize() * 8;
  }

  @Override
  public Map<SignalSpec, Column> compute(Batch batch) {
    List<String> texts = batch.items().stream().map(dev.prism.core.item.ContentItem::text).toList();
    float[][] vectors = embed(texts);
    Column col = new Column(vectors.length);
    for (int i = 0; i < vectors.length; i++) {
      col.set(i, new SignalValue.Embedding(vectors[i]));
    }
    return Map.of(TEXT_EMBEDDING, col);
  }

  /** Embeds texts: tokenization, length-sorted model batches, mean pooling, L2 norm. */
  public float[][] embed(List<String> texts) {
    List<TextTokenizer.Tokens> tokens = tokenizer.encode(texts);
    float[][] out = new float[texts.size()][];
    for (List<Integer> group : lengthSortedGroups(tokens, options.modelBatchSize(), options.batchTokenBudget())) {
      List<TextTokenizer.Tokens> sub = new ArrayList<>(group.size());
      group.forEach(i -> sub.add(tokens.get(i)));
      float[][] pooled = encode(TextTokenizer.pad(sub));
      for (int j = 0; j < group.size(); j++) {
        out[group.get(j)] = pooled[j];
      }
    }
    return out;
  }

  /**
   * Indices in order of increasing token length, cut into model batches of at most
   * {@code maxItems} items and at most {@code tokenBudget} padded tokens (items x longest).
   */
  public static List<List<Integer>> lengthSortedGroups(List<TextTokenizer.Tokens> tokens, int maxItems, int tokenBudget) {
    List<Integer> order = IntStream.range(0, tokens.size()).boxed()
        .sorted(Comparator.comparingInt(i -> tokens.get(i).length())).toList();
    List<List<Integer>> groups = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    for (int i : order) {
      // ascending order: the new item is the longest, so it sets the padded length
      long padded = (long) (current.size() + 1) * tokens.get(i).length();
      if (!current.isEmpty() && (current.size() == maxItems || padded > tokenBudget)) {
        groups.add(current);
        current = new ArrayList<>();
      }
      current.add(i);
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    return groups;
  }

  /** Runs the model on one padded batch and pools: the runtime and postprocessing steps. */
  public float[][] encode(TokenBatch b) {
    return meanPoolAndNormalize(run(b), b, DIM);
  }

  /**
   * The raw runtime call: {@code last_hidden_state} of shape [batch, seq, 384], flattened
   * row-major. Read straight from the output buffer: materialising a float[][][] costs more than
   * the pooling.
   */
  public float[] run(TokenBatch b) {
    long[] shape = {b.batch(), b.seqLen()};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(model.env(), LongBuffer.wrap(b.inputIds()), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(model.env(), LongBuffer.wrap(b.attentionMask()), shape));
      if (wantsTokenTypes) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(model.env(), LongBuffer.wrap(b.tokenTypeIds()), shape));
      }
      try (OrtSession.Result r = model.session().run(inputs)) {
        java.nio.FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
        float[] flat = new float[fb.remaining()];
        fb.get(flat);
        if (flat.length != (long) b.batch() * b.seqLen() * DIM) {
          throw new IllegalStateException("model output has " + flat.length + " floats, expected "
              + b.batch() + " x " + b.seqLen() + " x " + DIM);
        }
        return flat;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on a batch of " + b.batch() + " x " + b.seqLen() + ": " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** Mean over positions whose attention mask is 1, then divide by the L2 norm. */
  static float[][] meanPoolAndNormalize(float[] hidden, TokenBatch b, int dim) {
    float[][] out = new float[b.batch()][];
    double[] acc = new double[dim];
    for (int i = 0; i < b.batch(); i++) {
      java.util.Arrays.fill(acc, 0);
      int count = 0;
      for (int t = 0; t < b.seqLen(); t++) {
        if (b.attentionMask()[i * b.seqLen() + t] != 0) {
          count++;
          int base = (i * b.seqLen() + t) * dim;
          for (int d = 0; d < dim; d++) {
            acc[d] += hidden[base + d];
          }
        }
      }
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        acc[d] /= Math.max(1, count);
        norm += acc[d] * acc[d];
      }
      norm = Math.max(Math.sqrt(norm), 1e-12);
      float[] v = new float[dim];
      for (int d = 0; d < dim; d++) {
        v[d] = (float) (acc[d] / norm);
      }
      out[i] = v;
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
    tokenizer.close();
  }
}
