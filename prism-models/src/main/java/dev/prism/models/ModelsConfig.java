package dev.prism.models;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.models.onnx.OnnxModel;
import dev.prism.models.text.LanguageNode;
import dev.prism.models.text.MiniLmTextEncoder;
import dev.prism.models.text.ShortTextLanguageNode;
import java.util.List;

/** Configuration keys of the built-in models. Documented in docs/configuration.md (generated). */
public final class ModelsConfig {
  private ModelsConfig() {}

  public static final ConfigKey<String> TEXT_EMBEDDING_VARIANT = ConfigKey.enumKey(
      "models.text_embedding.variant", "fp32", List.of("fp32", "int8"),
      "all-MiniLM-L6-v2 weights: fp32 (reference quality, batch-independent output) or int8 "
          + "(dynamically quantized, faster; an item's output then depends slightly on its batch).");
  public static final ConfigKey<Integer> TEXT_EMBEDDING_MAX_TOKENS = ConfigKey.intKey(
      "models.text_embedding.max_tokens", MiniLmTextEncoder.Options.DEFAULT_MAX_TOKENS, 8, 512,
      "Truncation length in WordPiece tokens including [CLS] and [SEP] (sentence-transformers uses 256).");
  public static final ConfigKey<Integer> TEXT_EMBEDDING_MODEL_BATCH = ConfigKey.intKey(
      "models.text_embedding.model_batch_size", MiniLmTextEncoder.Options.DEFAULT_MODEL_BATCH_SIZE, 1, 1024,
      "Items per ONNX Runtime call. Items are sorted by token length before being cut into model batches.");
  public static final ConfigKey<Integer> TEXT_EMBEDDING_TOKEN_BUDGET = ConfigKey.intKey(
      "models.text_embedding.batch_token_budget", MiniLmTextEncoder.Options.DEFAULT_BATCH_TOKEN_BUDGET, 1, 1 << 20,
      "Most padded tokens (items x longest item) per ONNX Runtime call, so one long text does not pad a whole batch.");
  public static final ConfigKey<Integer> TEXT_EMBEDDING_CALL_OVERHEAD = ConfigKey.intKey(
      "models.text_embedding.call_overhead_tokens", MiniLmTextEncoder.Options.DEFAULT_CALL_OVERHEAD_TOKENS, 0, 100_000,
      "What one ONNX Runtime call costs beyond its tokens, in tokens (30, from a sweep on 2 cores: prism-models MiniLmTextEncoder). Length-sorted "
          + "items are cut into the calls of least estimated cost (overhead + padded tokens): higher values make fewer, "
          + "more padded calls; 0 gives every distinct length its own call. Does not change fp32 outputs.");
  public static final ConfigKey<Integer> ONNX_INTRA_OP_THREADS = ConfigKey.intKey(
      "models.onnx.intra_op_threads", 0, 0, 256,
      "ONNX Runtime intra-op threads per session; 0 = one per core.");
  public static final ConfigKey<String> ONNX_OPTIMIZATION = ConfigKey.enumKey(
      "models.onnx.optimization", "all", List.of("all", "extended", "basic", "none"),
      "ONNX Runtime graph optimisation level. Fusions round differently: MiniLM embeddings under basic or none "
          + "differ from all or extended in their last bits (up to 3e-7; docs/reproducibility.md).");
  public static final ConfigKey<Boolean> ONNX_DETERMINISTIC = ConfigKey.boolKey(
      "models.onnx.deterministic", false,
      "ONNX Runtime deterministic compute: deterministic kernels where an execution provider has nondeterministic ones. "
          + "On the CPU it changed no bit of MiniLM's output (neither does the thread count); prism snapshot turns it on "
          + "unless it is set (docs/reproducibility.md).");
  public static final ConfigKey<Integer> LANG_MIN_LETTERS = ConfigKey.intKey(
      "models.lang.min_letters", LanguageNode.DEFAULT_MIN_LETTERS, 0, 10_000,
      "Texts with fewer letters (after removing links, mentions, hashtags, digits) get lang 'und'.");
  public static final ConfigKey<Double> LANG_MIN_CONFIDENCE = ConfigKey.doubleKey(
      "models.lang.min_confidence", LanguageNode.DEFAULT_MIN_CONFIDENCE, 0.0, 1.0,
      "Minimum confidence (OpenNLP's distribution sharpened with temperature 20, see LanguageNode) for a "
          + "language label; below it lang is 'und'.");
  public static final ConfigKey<String> LANG2_ACCURACY = ConfigKey.enumKey(
      "models.lang2.accuracy", "high", List.of("high", "low"),
      "lang@2 (Lingua) mode: high uses 1- to 5-gram models (best on single words and word pairs, ~26 MB heap per "
          + "language), low uses trigrams only (~1 MB per language, 2.3-5.4x less CPU per text, less accurate below sentence length). "
          + "Each mode has its own calibration; see prism-models/LANGID.md.");
  public static final ConfigKey<String> LANG2_LANGUAGES = new ConfigKey<>(
      "models.lang2.languages", String.class, String.join(",", ShortTextLanguageNode.DEFAULT_LANGUAGES), String::strip,
      ModelsConfig::lang2LanguagesProblem,
      "Comma-separated ISO 639-3 codes lang@2 loads and can answer: a subset of the 27 default languages (its "
          + "contract's label set). Fewer languages use less memory; other texts then get a wrong label or 'und'.");
  public static final ConfigKey<Integer> LANG2_MIN_LETTERS = ConfigKey.intKey(
      "models.lang2.min_letters", ShortTextLanguageNode.DEFAULT_MIN_LETTERS, 0, 10_000,
      "Texts with fewer letters (after removing links, mentions, hashtags, digits) get lang@2 'und'.");
  public static final ConfigKey<Double> LANG2_MIN_CONFIDENCE = ConfigKey.doubleKey(
      "models.lang2.min_confidence", ShortTextLanguageNode.DEFAULT_MIN_CONFIDENCE, 0.0, 1.0,
      "Calibrated probability below which lang@2 is 'und'; the default was chosen on the calibration half of "
          + "datasets/langid_short_texts (prism-models/LANGID.md).");

  /** Null when {@code csv} is a valid lang@2 language list, else why not. */
  static String lang2LanguagesProblem(String csv) {
    try {
      new ShortTextLanguageNode.Options(ShortTextLanguageNode.Accuracy.HIGH, ShortTextLanguageNode.parseLanguages(csv),
          ShortTextLanguageNode.DEFAULT_MIN_LETTERS, ShortTextLanguageNode.DEFAULT_MIN_CONFIDENCE);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** The lang@2 node the {@code models.lang2.*} keys describe (loads Lingua's models). */
  public static ShortTextLanguageNode lang2Node(Config config) {
    return new ShortTextLanguageNode(new ShortTextLanguageNode.Options(
        ShortTextLanguageNode.Accuracy.valueOf(config.get(LANG2_ACCURACY).toUpperCase(java.util.Locale.ROOT)),
        ShortTextLanguageNode.parseLanguages(config.get(LANG2_LANGUAGES)),
        config.get(LANG2_MIN_LETTERS),
        config.get(LANG2_MIN_CONFIDENCE)));
  }

  /** The MiniLM text encoder's options these keys describe (models.text_embedding.*, models.onnx.*). */
  public static MiniLmTextEncoder.Options textEmbeddingOptions(Config config) {
    return new MiniLmTextEncoder.Options(
        MiniLmTextEncoder.Variant.valueOf(config.get(TEXT_EMBEDDING_VARIANT).toUpperCase(java.util.Locale.ROOT)),
        config.get(TEXT_EMBEDDING_MAX_TOKENS), config.get(TEXT_EMBEDDING_MODEL_BATCH), config.get(TEXT_EMBEDDING_TOKEN_BUDGET),
        onnxSettings(config), config.get(TEXT_EMBEDDING_CALL_OVERHEAD));
  }

  /** The ONNX Runtime session settings these keys describe. */
  public static OnnxModel.Settings onnxSettings(Config config) {
    return new OnnxModel.Settings(config.get(ONNX_INTRA_OP_THREADS), OnnxModel.Optimization.parse(config.get(ONNX_OPTIMIZATION)),
        config.get(ONNX_DETERMINISTIC));
  }

  public static final List<ConfigKey<?>> KEYS = List.of(
      TEXT_EMBEDDING_VARIANT, TEXT_EMBEDDING_MAX_TOKENS, TEXT_EMBEDDING_MODEL_BATCH, TEXT_EMBEDDING_TOKEN_BUDGET, TEXT_EMBEDDING_CALL_OVERHEAD,
      ONNX_INTRA_OP_THREADS, ONNX_OPTIMIZATION, ONNX_DETERMINISTIC,
      LANG_MIN_LETTERS, LANG_MIN_CONFIDENCE,
      LANG2_ACCURACY, LANG2_LANGUAGES, LANG2_MIN_LETTERS, LANG2_MIN_CONFIDENCE);
}
