package dev.prism.models.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
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

  private final ModelArtifact artifact;
  private final OrtEnvironment env;
  private final OrtSession session;

  public OnnxModel(ModelArtifact artifact, int intraOpThreads) {
    this.artifact = artifact;
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      // No spin-waiting in the intra-op pool: the server runs several batches at once and the
      // tokenizer shares the cores; spinning threads would burn the CPU those need.
      opts.addConfigEntry("session.intra_op.allow_spinning", "0");
      if (intraOpThreads > 0) {
        opts.setIntraOpNumThreads(intraOpThreads);
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
