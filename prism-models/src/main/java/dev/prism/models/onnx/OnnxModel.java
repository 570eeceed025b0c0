package dev.prism.models.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX Runtime session over a {@link ModelArtifact}. The session is safe for concurrent
 * {@code run} calls; closing it frees native memory. The shared {@link OrtEnvironment} is never
 * closed (ONNX Runtime keeps one per process).
 */
public final class OnnxModel implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OnnxModel.class);

  /** 0 lets ONNX Runtime use one intra-op thread per core. */
  public static final int DEFAULT_INTRA_OP_THREADS = 0;

  /** ONNX Runtime graph optimisation levels ({@code GraphOptimizationLevel}). */
  public enum Optimization {
    NONE(OrtSession.SessionOptions.OptLevel.NO_OPT),
    BASIC(OrtSession.SessionOptions.OptLevel.BASIC_OPT),
    EXTENDED(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT),
    ALL(OrtSession.SessionOptions.OptLevel.ALL_OPT);

    final OrtSession.SessionOptions.OptLevel level;

    Optimization(OrtSession.SessionOptions.OptLevel level) {
      this.level = level;
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optimization parse(String s) {
      for (Optimization o : values()) {
        if (o.key().equals(s)) {
          return o;
        }
      }
      throw new IllegalArgumentException("ONNX optimization level must be none, basic, extended or all, got '" + s + "'");
    }
  }

  /**
   * Session settings, recorded in provenance because some of them can change an output's last
   * bits. Measured for all-MiniLM-L6-v2 fp32 on 2,056 comments (docs/reproducibility.md): the
   * thread count (1, 2, 4, 8) and deterministic compute did not change a single bit; the
   * optimisation level did (ALL and EXTENDED agree, BASIC and NONE agree, the two pairs differ by
   * up to 3e-7).
   *
   * @param intraOpThreads intra-op threads, 0 = one per core
   * @param optimization graph optimisation level: fusions replace node sequences by kernels that
   *     round differently
   * @param deterministic ONNX Runtime's deterministic compute ({@code SessionOptions.setDeterministicCompute}):
   *     kernels with a nondeterministic implementation (atomics, split-K reductions, mostly on GPU
   *     execution providers) are replaced by deterministic ones where they exist
   */
  public record Settings(int intraOpThreads, Optimization optimization, boolean deterministic) {
    public static final Settings DEFAULT = new Settings(DEFAULT_INTRA_OP_THREADS, Optimization.ALL, false);

    public Settings {
      if (intraOpThreads < 0) {
        throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = one per core), got " + intraOpThreads);
      }
      java.util.Objects.requireNonNull(optimization, "optimization");
    }

    public static Settings threads(int intraOpThreads) {
      return new Settings(intraOpThreads, Optimization.ALL, false);
    }

    /** For provenance, with 0 threads spelled "per-core". */
    public Map<String, String> describe() {
      return Map.of("onnx_intra_op_threads", intraOpThreads == 0 ? "per-core" : Integer.toString(intraOpThreads),
          "onnx_optimization", optimization.key(), "onnx_deterministic", Boolean.toString(deterministic));
    }
  }

  private final ModelArtifact artifact;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final Settings settings;

  public OnnxModel(ModelArtifact artifact, int intraOpThreads) {
    this(artifact, Settings.threads(intraOpThreads));
  }

  public OnnxModel(ModelArtifact artifact, Settings settings) {
    this.artifact = artifact;
    this.settings = settings;
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setOptimizationLevel(settings.optimization().level);
      opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      // No spin-waiting in the intra-op pool: the server runs several batches at once and the
      // tokenizer shares the cores; spinning threads would burn the CPU those need.
      opts.addConfigEntry("session.intra_op.allow_spinning", "0");
      if (settings.deterministic()) {
        opts.setDeterministicCompute(true);
      }
      if (settings.intraOpThreads() > 0) {
        opts.setIntraOpNumThreads(settings.intraOpThreads());
      }
      long t0 = System.nanoTime();
      this.session = env.createSession(artifact.bytes(), opts);
      log.info("loaded ONNX model {} ({} MB, sha256 {}) in {} ms; inputs {} outputs {}",
          artifact.resource(), artifact.bytes().length >> 20, artifact.sha256().substring(0, 12),
          (System.nanoTime() - t0) / 1_000_000, session.getInputNames(), session.getOutputNames());
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load " + artifact.resource() + ": " + e.getMessage(), e);
    }
  }

  public Settings settings() {
    return settings;
  }

  public OrtEnvironment env() {
    return env;
  }

  public OrtSession session() {
    return session;
  }

  public ModelArtifact artifact() {
    return artifact;
  }

  public Set<String> inputNames() {
    return session.getInputNames();
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      log.warn("closing ONNX session for {} failed", artifact.resource(), e);
    }
  }
}
