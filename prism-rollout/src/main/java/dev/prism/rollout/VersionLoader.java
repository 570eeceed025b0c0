package dev.prism.rollout;

import dev.prism.core.signal.ContractViolation;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.learn.artifact.ArtifactFormat;
import dev.prism.learn.model.MathUtil;
import dev.prism.learn.serve.HeadNode;
import dev.prism.registry.ModelRegistry;
import dev.prism.registry.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Loads a registry version for serving and checks it against the slot it is to fill. Every check
 * runs before a version is switched in, so a corrupt or incompatible artifact is refused while the
 * old version keeps serving:
 *
 * <ol>
 *   <li>the bytes come from the artifact store, which re-hashes them against the version's SHA-256;
 *   <li>they parse with prism-learn's reader (the one {@code graph.heads} uses);
 *   <li>the output is the slot's signal with the same contract type (same classes);
 *   <li>its inputs are among the slot's declared inputs (the graph computes nothing else for it);
 *   <li>a probe prediction (the standardizer's mean: the training data's average item) is finite and
 *       passes the contract.
 * </ol>
 */
public final class VersionLoader {
  private final ModelRegistry registry;

  public VersionLoader(ModelRegistry registry) {
    this.registry = registry;
  }

  /** What a version must fit: the served signal, its contract and the inputs the graph provides. */
  public record Slot(SignalSpec output, SignalContract contract, Set<SignalSpec> inputs) {}

  /** Loads {@code v} without a slot check (the first production version defines the slot). */
  public LoadedVersion load(ModelVersion v) {
    byte[] bytes;
    try {
      bytes = registry.artifactBytes(v); // hash-checked by the store
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(v.ref() + ": artifact unreadable: " + e.getMessage(), e);
    }
    HeadNode node = parse(v, bytes);
    Map<String, String> config = new LinkedHashMap<>(node.provenance().config());
    config.put("registry.version", v.ref());
    Provenance p = node.provenance();
    Provenance withRef = new Provenance(p.modelId(), p.modelVersion(), p.artifactSha256(), p.codeVersion(), config,
        p.platform());
    return new LoadedVersion(v, node, withRef);
  }

  /** Loads {@code v} and checks it fits {@code slot}; the message says what does not. */
  public LoadedVersion load(ModelVersion v, Slot slot) {
    LoadedVersion lv = load(v);
    check(lv, slot);
    return lv;
  }

  static void check(LoadedVersion lv, Slot slot) {
    HeadNode node = lv.node();
    String ref = lv.ref();
    if (!node.output().equals(slot.output())) {
      throw new IllegalArgumentException(ref + " produces " + node.output() + ", the served signal is " + slot.output());
    }
    if (!node.contract().type().equals(slot.contract().type())) {
      throw new IllegalArgumentException(ref + "'s output type " + node.contract().type() + " differs from the served "
          + "contract's " + slot.contract().type() + " (a new contract needs a new major, not a rollout)");
    }
    if (!slot.inputs().containsAll(node.consumes())) {
      java.util.Set<SignalSpec> extra = new java.util.TreeSet<>(node.consumes());
      extra.removeAll(slot.inputs());
      throw new IllegalArgumentException(ref + " consumes " + extra + ", which the served graph does not provide for "
          + slot.output() + " (declared inputs " + new java.util.TreeSet<>(slot.inputs()) + ")");
    }
    double[] probe = node.artifact().model().standardizer().mean().clone();
    double[] p;
    try {
      p = node.artifact().model().probabilities(probe);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(ref + ": probe prediction failed: " + e.getMessage(), e);
    }
    for (double x : p) {
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException(ref + ": probe prediction is not finite: " + java.util.Arrays.toString(p));
      }
    }
    // clamped as HeadNode clamps (1 - 1e-17 rounding); NaN was refused above
    SignalValue value = p.length == 2 ? new SignalValue.Probability(Math.min(1.0, Math.max(0.0, p[1])))
        : new SignalValue.Label(node.artifact().model().classes().get(MathUtil.argmax(p)),
            Math.min(1.0, Math.max(0.0, p[MathUtil.argmax(p)])));
    try {
      slot.contract().validate(value);
    } catch (ContractViolation e) {
      throw new IllegalArgumentException(ref + ": probe prediction violates the contract: " + e.getMessage(), e);
    }
  }

  private static HeadNode parse(ModelVersion v, byte[] bytes) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("prism-serve-", ".json");
      Files.write(tmp, bytes);
      return HeadNode.load(tmp);
    } catch (IllegalArgumentException e) {
      String why = String.valueOf(e.getMessage()).replace("artifact " + tmp + ": ", "");
      throw new IllegalArgumentException(v.ref() + ": not a loadable head artifact: " + why, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage " + v.ref() + "'s artifact", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }
}
