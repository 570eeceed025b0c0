package dev.prism.models.text;

import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import java.util.Map;
import java.util.Set;

/** {@code text_simhash@1}: {@link TextSimHash} of the item's text, 16 hex digits. */
public final class TextSimHashNode implements Node {
  public static final String NODE_NAME = "text_simhash";
  public static final SignalSpec TEXT_SIMHASH = new SignalSpec("text_simhash", 1);

  private final Provenance provenance = Provenance.ofCode("prism/text_simhash", "1", Map.of(
      "features", "NFKC lower-case, non-alphanumeric runs -> one space, " + TextSimHash.SHINGLE + "-code-point shingles",
      "feature_hash", "FNV-1a 64 over UTF-8 + murmur3 fmix64"));

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
    return Set.of(TEXT_SIMHASH);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public int maxBatchSize() {
    return 1024;
  }

  @Override
  public Map<SignalSpec, Column> compute(Batch batch) {
    Column c = new Column(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      c.set(i, new SignalValue.Hash(TextSimHash.hex(TextSimHash.of(batch.items().get(i).text()))));
    }
    return Map.of(TEXT_SIMHASH, c);
  }
}
