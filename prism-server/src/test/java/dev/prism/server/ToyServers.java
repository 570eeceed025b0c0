package dev.prism.server;

import dev.prism.core.config.Config;
import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.ValueType;
import dev.prism.runtime.config.PrismConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real, deterministic node (text length) that costs a fixed time per item and can be held at a
 * gate, so queueing, admission and limits can be attacked at known moments without a model.
 */
final class ToyServers {
  private ToyServers() {}

  static final SignalSpec LEN = new SignalSpec("len", 1);

  static final class LenNode implements Node {
    final long millisPerItem;
    final CountDownLatch gate;
    final ConcurrentLinkedQueue<String> computedIds = new ConcurrentLinkedQueue<>();

    LenNode(long millisPerItem, boolean gated) {
      this.millisPerItem = millisPerItem;
      this.gate = new CountDownLatch(gated ? 1 : 0);
    }

    @Override public String name() { return "len"; }
    @Override public Set<SignalSpec> consumes() { return Set.of(); }
    @Override public Set<SignalSpec> produces() { return Set.of(LEN); }
    @Override public Provenance provenance() { return Provenance.ofCode("len", "1", Map.of()); }

    @Override
    public Map<SignalSpec, Column> compute(Batch batch) {
      try {
        gate.await(30, TimeUnit.SECONDS);
        Thread.sleep(millisPerItem * batch.size());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Column c = new Column(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        computedIds.add(batch.items().get(i).id());
        c.set(i, new SignalValue.Score(batch.items().get(i).text().length()));
      }
      return Map.of(LEN, c);
    }
  }

  static SignalGraph graph(LenNode node) {
    return new SignalGraph(List.of(node), new ContractRegistry(List.of(new SignalContract(LEN,
        new ValueType.ScoreType(0, 1e9), "len", "test", "text length", "", "", ""))));
  }

  static Config config(Map<String, String> overrides) {
    Map<String, String> o = new HashMap<>(Map.of("server.port", "0"));
    o.putAll(overrides);
    return Config.load(PrismConfig.allKeys(ServerConfig.KEYS), null, Map.of(), o);
  }

  static String oneItem(String id) {
    return "{\"items\":[{\"id\":\"" + id + "\",\"text\":\"abc\"}]}";
  }

  static String items(String prefix, int n) {
    StringBuilder b = new StringBuilder("{\"items\":[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(prefix).append(i).append("\",\"text\":\"abc\"}");
    }
    return b.append("]}").toString();
  }
}
