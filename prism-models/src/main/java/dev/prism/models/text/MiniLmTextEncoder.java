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
 * cut into the model batches with the least estimated cost (see {@link #modelBatches}): each ONNX
 * call costs a fixed {@code callOverheadTokens} plus its padded tokens, so similar lengths share a
 * call and one long comment never pads short ones to its length (social text is short with a long
 * tail). {@code modelBatchSize} and {@code batchTokenBudget} stay hard caps on one call.
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
   * @param callOverheadTokens what one ONNX call costs beyond its tokens, in tokens: the cut into
   *     model batches trades this against padding (0 = pad nothing, every distinct length its own call)
   */
  public record Options(Variant variant, int maxTokens, int modelBatchSize, int batchTokenBudget, OnnxModel.Settings onnx,
      int callOverheadTokens) {
    public static final int DEFAULT_MAX_TOKENS = 256;
    public static final int DEFAULT_MODEL_BATCH_SIZE = 32;
    // Measured with `prism bench --stages pipeline` on 2 cores: 512 -> 187, 1024 -> 156-180, 2048 -> 150,
    // 4096 (64 items) -> 107 items/s. Small model batches keep activations in cache.
    public static final int DEFAULT_BATCH_TOKEN_BUDGET = 512;
    /**
     * Chosen by a sweep on 2 cores (2026-11-27; the 1,956 YouTube comments embedded in graph
     * batches of 256 and of 16, in arrival order, two rounds each): overhead 0 (never pad) gave
     * 159-163 and 170-179 items/s; 10: 205-227 and 187-191; 30: 208-251 and 210-213; 60-250:
     * 211-251 and 147-194; filling calls to the caps (the former rule): 245-249 and 175-177. Small
     * graph batches, what a server sees under single-item traffic, gain most.
     */
    public static final int DEFAULT_CALL_OVERHEAD_TOKENS = 30;

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
      if (callOverheadTokens < 0) {
        throw new IllegalArgumentException("callOverheadTokens must be >= 0, got " + callOverheadTokens);
      }
    }

    /** The default call overhead ({@link #DEFAULT_CALL_OVERHEAD_TOKENS}). */
    public Options(Variant variant, int maxTokens, int modelBatchSize, int batchTokenBudget, OnnxModel.Settings onnx) {
      this(variant, maxTokens, modelBatchSize, batchTokenBudget, onnx, DEFAULT_CALL_OVERHEAD_TOKENS);
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
          OnnxModel.Settings.DEFAULT, DEFAULT_CALL_OVERHEAD_TOKENS);
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
    for (List<Integer> group : modelBatches(tokens, options.modelBatchSize(), options.batchTokenBudget(),
        options.callOverheadTokens())) {
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
   * Each token of a padded call costs this many tokens' worth of time beyond the linear layers'
   * share, per token of the call's length: attention computes L scores per token and weighs L
   * values (2 x 2 x L x 384 FLOPs per token and layer), against 2 x (4 x 384^2 + 2 x 384 x 1536) =
   * 3.54 MFLOPs per token and layer in the projections and the feed-forward layer, so a call of n
   * items padded to L costs n x L x (1 + L / 2304) token-units.
   */
  static final double ATTENTION_LENGTH_SCALE = 2304.0;

  /** Estimated cost of one ONNX call of {@code items} items padded to {@code length} tokens, in token-units. */
  static double callCost(int items, int length, int callOverheadTokens) {
    return callOverheadTokens + (double) items * length * (1 + length / ATTENTION_LENGTH_SCALE);
  }

  /**
   * Indices in order of increasing token length, cut into the model batches of least total
   * estimated cost ({@link #callCost}: a fixed overhead per call plus the padded tokens), each of
   * at most {@code maxItems} items and, unless it holds a single item, at most {@code tokenBudget}
   * padded tokens (items x longest).
   *
   * <p>Why a cost and not a fill-up rule: filling each call up to the token budget padded 16
   * comments of mixed length to their longest, and such calls ran slower than one call per item
   * (151 vs 161 items/s on 2 cores). The best cut of the length-sorted order is found exactly by
   * dynamic programming over its prefixes: since a call's cost depends only on its size and its
   * longest item, some optimal partition uses contiguous runs of the sorted order (swapping a
   * shorter item into the group of a longer one never raises either group's padded length).
   * O(n x maxItems).
   */
  public static List<List<Integer>> modelBatches(List<TextTokenizer.Tokens> tokens, int maxItems, int tokenBudget,
      int callOverheadTokens) {
    int n = tokens.size();
    int[] order = IntStream.range(0, n).boxed()
        .sorted(Comparator.comparingInt(i -> tokens.get(i).length())).mapToInt(Integer::intValue).toArray();
    double[] best = new double[n + 1]; // best[j]: least cost of the first j sorted items
    int[] cut = new int[n + 1]; // where the last call of that best starts
    for (int j = 1; j <= n; j++) {
      int longest = tokens.get(order[j - 1]).length();
      best[j] = Double.POSITIVE_INFINITY;
      for (int size = 1; size <= Math.min(maxItems, j); size++) {
        if (size > 1 && (long) size * longest > tokenBudget) {
          break; // a larger call is over the budget too
        }
        double c = best[j - size] + callCost(size, longest, callOverheadTokens);
        if (c < best[j]) { // strict: on a tie the smaller call wins
          best[j] = c;
          cut[j] = j - size;
        }
      }
    }
    List<List<Integer>> groups = new ArrayList<>();
    for (int j = n; j > 0; j = cut[j]) {
      List<Integer> g = new ArrayList<>(j - cut[j]);
      for (int k = cut[j]; k < j; k++) {
        g.add(order[k]);
      }
      groups.add(g);
    }
    java.util.Collections.reverse(groups);
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
