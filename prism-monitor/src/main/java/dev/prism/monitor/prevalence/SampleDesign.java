package dev.prism.monitor.prevalence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.io.SignalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A stratified prevalence sample: what was stratified, the strata with their population sizes and
 * sampled ids, and the seed — everything the estimate needs besides the labels, written as JSON
 * next to the labelling task.
 *
 * @param signal the signal whose scores define the strata ({@code name@major})
 * @param task the label-store task the labels go into
 * @param positive the label value counted as positive
 * @param allocation how the sample was spread over strata ({@code equal} or {@code proportional})
 */
public record SampleDesign(String signal, String task, String positive, String allocation, long seed, long population,
    List<Stratum> strata, Instant createdAt) {

  public SampleDesign {
    strata = List.copyOf(strata);
    long n = strata.stream().mapToLong(Stratum::population).sum();
    if (n != population) {
      throw new IllegalArgumentException("strata hold " + n + " items, population says " + population);
    }
  }

  public int sampleSize() {
    return strata.stream().mapToInt(s -> s.sampled().size()).sum();
  }

  public void write(Path file) throws IOException {
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    o.put("format", "prism-prevalence-sample/1").put("signal", signal).put("task", task).put("positive", positive)
        .put("allocation", allocation).put("seed", seed).put("population", population).put("created_at", createdAt.toString());
    ArrayNode a = o.putArray("strata");
    for (Stratum s : strata) {
      ObjectNode so = a.addObject();
      so.put("index", s.index());
      bound(so, "lower", s.lower());
      bound(so, "upper", s.upper());
      so.put("population", s.population());
      ArrayNode ids = so.putArray("sampled");
      s.sampled().forEach(ids::add);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void bound(ObjectNode o, String f, double v) {
    if (Double.isInfinite(v)) {
      o.putNull(f);
    } else {
      o.put(f, v);
    }
  }

  public static SampleDesign read(Path file) throws IOException {
    JsonNode o;
    try {
      o = SignalJson.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not a prevalence sample design (" + e.getMessage() + ")", e);
    }
    if (o == null || !"prism-prevalence-sample/1".equals(o.path("format").asText())) {
      throw new IllegalArgumentException(file + ": not a prevalence sample design (format prism-prevalence-sample/1 expected)");
    }
    List<Stratum> strata = new ArrayList<>();
    for (JsonNode s : o.path("strata")) {
      List<String> ids = new ArrayList<>();
      s.path("sampled").forEach(x -> ids.add(x.asText()));
      strata.add(new Stratum(s.path("index").asInt(), s.path("lower").isNull() ? Double.NEGATIVE_INFINITY : s.path("lower").asDouble(),
          s.path("upper").isNull() ? Double.POSITIVE_INFINITY : s.path("upper").asDouble(), s.path("population").asLong(), ids));
    }
    return new SampleDesign(o.path("signal").asText(), o.path("task").asText(), o.path("positive").asText(),
        o.path("allocation").asText(), o.path("seed").asLong(), o.path("population").asLong(), strata,
        Instant.parse(o.path("created_at").asText()));
  }
}
