package dev.prism.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * {@code prism spark score --backfill-from PREVIOUS}: which of a previous output's rows can be copied
 * through instead of scored again.
 *
 * <p>A previous output describes its values with one provenance per signal ({@code _prism.meta.json});
 * a backfill's output is again homogeneous (kept rows had the current provenance, the rest are scored
 * now), so it can be the previous output of the next backfill. A signal is <em>stale</em> when the
 * previous output did not compute it or computed it with another contract or provenance: another model
 * id or version, artifact (SHA-256) or configuration that matters for the value. The Prism code version
 * and the platform are not compared (a rebuild that does not touch a node must not force a rescore of a
 * billion items; a node whose output changes bumps its version). A row is kept when no requested signal
 * is stale, the row is an item (no {@code row_error}), every requested signal has a value and there are
 * no signal errors, and its id is in the input; every other input row is scored. Items that left the
 * input leave the output.
 */
final class Backfill {
  /** Column holding the id {@link RowItems} reads from an input row (null for rows that are no item). */
  static final String KEY = "_prism_key";

  private Backfill() {}

  /** The previous output's {@code _prism.meta.json}; a directory without it is not a {@code prism spark score} output. */
  static JsonNode readMeta(String previous) throws IOException {
    Path meta = Path.of(previous).resolve(SparkScoreJob.META_FILE);
    if (!Files.isRegularFile(meta)) {
      throw new IllegalArgumentException("--backfill-from " + previous + " has no " + SparkScoreJob.META_FILE
          + ": not an output of prism spark score");
    }
    if (!Files.exists(Path.of(previous).resolve("_SUCCESS"))) {
      throw new IllegalArgumentException("--backfill-from " + previous + " has no _SUCCESS: that job did not complete");
    }
    return SignalJson.MAPPER.readTree(meta.toFile());
  }

  /** The requested signals whose previous values cannot be reused, each with the reason. */
  static Map<SignalSpec, String> stale(JsonNode previousMeta, List<SignalSpec> specs, Map<SignalSpec, SignalContract> contracts,
      ObjectNode provenance) {
    Map<String, JsonNode> previousContracts = new LinkedHashMap<>();
    previousMeta.path("contracts").forEach(c -> previousContracts.put(c.path("signal").asText(), c));
    Map<SignalSpec, String> stale = new LinkedHashMap<>();
    for (SignalSpec s : specs) {
      JsonNode oldContract = previousContracts.get(s.toString());
      JsonNode oldProvenance = previousMeta.path("provenance").get(s.toString());
      if (oldContract == null || oldProvenance == null) {
        stale.put(s, "not in the previous output");
      } else if (!oldContract.equals(SignalJson.contract(contracts.get(s)))) {
        stale.put(s, "its contract changed");
      } else if (!comparable(oldProvenance).equals(comparable(provenance.get(s.toString())))) {
        stale.put(s, "its provenance changed: " + comparable(oldProvenance) + " -> " + comparable(provenance.get(s.toString())));
      }
    }
    return stale;
  }

  /** The parts of a provenance that decide the value: model id and version, artifact hash, configuration. */
  static ObjectNode comparable(JsonNode p) {
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    for (String f : new String[] {"model_id", "model_version", "artifact_sha256", "config"}) {
      o.set(f, p.path(f));
    }
    return o;
  }

  /** Rows of the previous output that are complete items for every requested signal. */
  static Column reusable(StructType outSchema) {
    List<Column> conditions = new ArrayList<>();
    conditions.add(functions.col(SparkSchema.ROW_ERROR).isNull());
    conditions.add(functions.col("errors").isNull());
    for (String f : outSchema.fieldNames()) {
      if (!List.of("id", "errors", SparkSchema.ROW_ERROR, SparkSchema.ROW_SOURCE, SparkSchema.SCORED_AT).contains(f)) {
        conditions.add(functions.col(f).isNotNull());
      }
    }
    return conditions.stream().reduce(Column::and).orElseThrow();
  }

  /** Appends {@link #KEY}: the item id {@link RowItems} reads from the row, exactly as the scorer will. */
  static final class Keys implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final RowItems items;
    private final StructType inputSchema;

    /** @param inputSchema the input's columns; its last one is the source file */
    Keys(RowItems items, StructType inputSchema) {
      this.items = items;
      this.inputSchema = inputSchema;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      StructType itemSchema = new StructType(java.util.Arrays.copyOf(inputSchema.fields(), inputSchema.fields().length - 1));
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return input.hasNext();
        }

        @Override
        public Row next() {
          Row in = input.next();
          String key;
          try {
            key = switch (items.parse(in, itemSchema)) {
              case RowItems.Parsed.Item it -> it.item().id();
              case RowItems.Parsed.Bad b -> null; // scored again: it becomes an error row there
              case RowItems.Parsed.Blank b -> null;
            };
          } catch (RuntimeException e) {
            key = null;
          }
          Object[] cells = new Object[in.length() + 1];
          for (int i = 0; i < in.length(); i++) {
            cells[i] = in.get(i);
          }
          cells[in.length()] = key;
          return RowFactory.create(cells);
        }
      };
    }
  }
}
