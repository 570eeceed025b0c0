package dev.prism.models.text;

import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import java.util.Map;
import java.util.Set;

/** {@code text_stats@1}: {@link TextStats} over the item's text. */
public final class TextStatsNode implements Node {
  public static final String NODE_NAME = "text_stats";
  public static final SignalSpec TEXT_STATS = new SignalSpec("text_stats", 1);

  private final Provenance provenance = Provenance.ofCode("prism/text_stats", "1",
      Map.of("repeated_run_min", Integer.toString(TextStats.REPEATED_RUN_MIN)));

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
    return Set.of(TEXT_STATS);
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
      c.set(i, new SignalValue.Features(TextStats.compute(batch.items().get(i).text())));
    }
    return Map.of(TEXT_STATS, c);
  }
}
