package dev.prism.learn.serve;

import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.signal.CodeVersion;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.learn.artifact.ArtifactFormat;
import dev.prism.learn.artifact.HeadArtifact;
import dev.prism.learn.features.FeatureAssembler;
import dev.prism.learn.model.MathUtil;
import dev.prism.learn.predict.HeadModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A trained head in the signal graph. Consumes the artifact's input signals, assembles them with
 * the same {@link FeatureAssembler} training used, and produces the output signal: for a binary
 * head a {@link SignalValue.Probability} of the positive class, for a k-class head a {@link
 * SignalValue.Label} (the most probable class and its probability).
 *
 * <p>Add {@link #contract()} to the graph's registry ({@code ContractRegistry.with(...)}): the
 * contract names this node as producer. Stateless after construction, so safe for concurrent
 * batches. An item whose inputs cannot be assembled (wrong dimension, missing feature) fails
 * alone with the reason; the rest of the batch is computed.
 */
public final class HeadNode implements Node {
  /** Heads are a few dot products per item; large batches only amortise the call overhead. */
  public static final int MAX_BATCH_SIZE = 1024;

  private final HeadArtifact artifact;
  private final HeadModel model;
  private final FeatureAssembler assembler;
  private final SignalContract contract;
  private final Provenance provenance;
  private final List<SignalSpec> inputs;

  public HeadNode(HeadArtifact artifact, String artifactSha256) {
    this.artifact = Objects.requireNonNull(artifact, "artifact");
    this.model = artifact.model();
    this.assembler = model.assembler();
    this.contract = artifact.contract();
    this.inputs = model.layout().specs();
    Map<String, String> config = new LinkedHashMap<>(artifact.provenance().config());
    config.put("output", artifact.output().spec().toString());
    config.put("training_data_sha256", artifact.provenance().trainingDataSha256());
    config.put("label_source", artifact.provenance().labelSource());
    config.put("trained_with_code", artifact.provenance().codeVersion());
    this.provenance = new Provenance(artifact.name(), artifact.version(), artifactSha256, CodeVersion.get(), config);
  }

  /** Loads and validates an artifact file. */
  public static HeadNode load(Path artifactFile) throws IOException {
    ArtifactFormat.Loaded loaded = ArtifactFormat.read(artifactFile);
    return new HeadNode(loaded.artifact(), loaded.sha256());
  }

  public HeadArtifact artifact() {
    return artifact;
  }

  /** The output signal's contract, to add to the graph's {@code ContractRegistry}. */
  public SignalContract contract() {
    return contract;
  }

  public SignalSpec output() {
    return artifact.output().spec();
  }

  @Override
  public String name() {
    return artifact.name();
  }

  @Override
  public Set<SignalSpec> consumes() {
    return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(inputs));
  }

  @Override
  public Set<SignalSpec> produces() {
    return Set.of(output());
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public int maxBatchSize() {
    return MAX_BATCH_SIZE;
  }

  @Override
  public Map<SignalSpec, Column> compute(Batch batch) {
    Column out = new Column(batch.size());
    List<SignalValue> values = new ArrayList<>(inputs.size());
    for (int i = 0; i < batch.size(); i++) {
      values.clear();
      for (SignalSpec s : inputs) {
        values.add(batch.input(s, i));
      }
      try {
        double[] p = model.probabilities(assembler.assemble(values));
        out.set(i, toValue(p));
      } catch (IllegalArgumentException e) {
        out.fail(i, name() + ": " + e.getMessage());
      }
    }
    return Map.of(output(), out);
  }

  private SignalValue toValue(double[] p) {
    if (p.length == 2) {
      // clamp rounding (e.g. 1 - 1e-17) so the probability contract's [0, 1] check never trips
      return new SignalValue.Probability(Math.min(1.0, Math.max(0.0, p[1])));
    }
    int best = MathUtil.argmax(p);
    return new SignalValue.Label(model.classes().get(best), Math.min(1.0, Math.max(0.0, p[best])));
  }
}
