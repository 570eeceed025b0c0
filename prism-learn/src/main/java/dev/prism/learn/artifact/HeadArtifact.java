package dev.prism.learn.artifact;

import dev.prism.core.signal.SignalContract;
import dev.prism.learn.predict.HeadModel;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A trained head as stored on disk: the model, the signal it produces, and its provenance. Read
 * and written by {@link ArtifactFormat}.
 *
 * @param name the producing node's name, e.g. {@code spam_head} (contract producer)
 * @param version the model version, e.g. {@code 2024-06-01.1} or a short hash
 */
public record HeadArtifact(String name, String version, HeadModel model, OutputSignal output, TrainingProvenance provenance) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public HeadArtifact {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("head name must match " + NAME.pattern() + ", got: " + name);
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("head version is required");
    }
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(provenance, "provenance");
    if (model.layout().specs().contains(output.spec())) {
      throw new IllegalArgumentException("head " + name + " consumes its own output signal " + output.spec());
    }
  }

  public SignalContract contract() {
    return output.contract(name, model.classes());
  }
}
