package dev.prism.monitor.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.graph.ItemResult;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalRecord;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedSignalLogTest {
  static final SignalSpec SPAM = new SignalSpec("spam", 1);
  static final SignalSpec LANG = new SignalSpec("lang", 1);
  static final SignalSpec EMB = new SignalSpec("text_embedding", 1);
  static final SignalSpec STATS = new SignalSpec("text_stats", 1);
  static final Provenance HEAD = new Provenance("spam-youtube", "1", "abc123", "test", Map.of());

  @TempDir
  Path dir;

  static ItemResult result(String id, double p) {
    Map<SignalSpec, SignalRecord> v = new LinkedHashMap<>();
    v.put(SPAM, new SignalRecord(id, SPAM, new SignalValue.Probability(p), HEAD));
    v.put(LANG, new SignalRecord(id, LANG, new SignalValue.Label("eng", 0.9), Provenance.ofCode("lang", "1", Map.of())));
    v.put(EMB, new SignalRecord(id, EMB, new SignalValue.Embedding(new float[] {1f, 2f, 3f}), Provenance.ofCode("e", "1", Map.of())));
    v.put(STATS, new SignalRecord(id, STATS, new SignalValue.Features(Map.of("char_count", 12.0)), Provenance.ofCode("s", "1", Map.of())));
    return new ItemResult(id, v, Map.of());
  }

  private static List<Path> files(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void writesPartitionedParquetThatReadsBackRowForRow() throws Exception {
    Instant t = Instant.parse("2026-11-26T22:15:00Z");
    ServedSignalLog log = new ServedSignalLog(new ServedSignalLog.Settings(dir, 1.0, 10_000, 64L << 20, Duration.ofHours(1)),
        Clock.fixed(t, ZoneOffset.UTC), new SimpleMeterRegistry());
    List<ItemResult> rs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      rs.add(result("item-" + i, i / 50.0));
    }
    rs.add(new ItemResult("broken", Map.of(), Map.of(SPAM, "head failed: NaN input")));
    log.served(rs, 3_500_000);
    log.close();
    assertThat(log.dropped()).isZero();
    List<Path> files = files(dir);
    assertThat(files).hasSize(4).allSatisfy(f -> {
      assertThat(f.getFileName().toString()).matches("part-\\d{13}-[0-9a-f]{16}\\.parquet");
      assertThat(dir.relativize(f.getParent()).toString()).matches("signal=[a-z_]+@1/date=2026-11-26/hour=22");
    });
    List<ServedRow> rows = ServedLogReader.read(dir, s -> true, t.minusSeconds(60), t.plusSeconds(60));
    assertThat(rows).hasSize(50 * 4 + 1);
    ServedRow spam7 = rows.stream().filter(r -> r.itemId().equals("item-7") && r.signal().equals("spam@1")).findFirst().orElseThrow();
    assertThat(spam7).isEqualTo(new ServedRow("item-7", "spam@1", "probability", "spam-youtube", "1", "abc123",
        t.toEpochMilli(), 3.5, new LoggedValue.Scalar(7 / 50.0)));
    assertThat(rows).filteredOn(r -> r.signal().equals("text_embedding@1")).first()
        .extracting(ServedRow::value).isEqualTo(new LoggedValue.Vector(new float[] {1f, 2f, 3f}));
    assertThat(rows).filteredOn(r -> r.signal().equals("lang@1")).first()
        .extracting(ServedRow::value).isEqualTo(new LoggedValue.Category("eng", 0.9));
    assertThat(rows).filteredOn(r -> r.signal().equals("text_stats@1")).first()
        .extracting(ServedRow::value).isEqualTo(new LoggedValue.Named(Map.of("char_count", 12.0)));
    assertThat(rows).filteredOn(r -> r.itemId().equals("broken")).singleElement()
        .extracting(ServedRow::value).isEqualTo(new LoggedValue.Failed("head failed: NaN input"));
    // the time window and the signal filter prune
    assertThat(ServedLogReader.read(dir, s -> true, t.plusSeconds(1), t.plusSeconds(60))).isEmpty();
    assertThat(ServedLogReader.read(dir, s -> s.equals("lang@1"), t, t.plusSeconds(1))).hasSize(50);
  }

  @Test
  void openFilesStayHiddenUntilRolledAndCrashLeftoversAreSkipped() throws Exception {
    Instant t = Instant.parse("2026-11-26T23:00:00Z");
    ServedSignalLog log = new ServedSignalLog(new ServedSignalLog.Settings(dir, 1.0, 10_000, 64L << 20, Duration.ofHours(1)),
        Clock.fixed(t, ZoneOffset.UTC), new SimpleMeterRegistry());
    log.served(List.of(result("a", 0.5), result("b", 0.6)), 1_000_000);
    // the writer takes the rows; until the file is rolled only a hidden .inprogress file exists
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (files(dir).size() < 4 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(files(dir)).hasSize(4).allSatisfy(f -> assertThat(f.getFileName().toString()).startsWith(".part-").endsWith(".inprogress"));
    assertThat(ServedLogReader.read(dir, s -> true, t, t.plusSeconds(1))).isEmpty();
    // a crashed writer's leftover (a torn file under the hidden name) is never read
    Path torn = dir.resolve("signal=spam@1/date=2026-11-26/hour=23/.part-0000000000000-dead.parquet.inprogress");
    Files.write(torn, new byte[] {'P', 'A', 'R', '1', 0, 1, 2});
    log.close();
    assertThat(ServedLogReader.read(dir, s -> true, t, t.plusSeconds(1))).hasSize(8);
    assertThat(files(dir)).filteredOn(f -> !f.getFileName().toString().startsWith(".")).hasSize(4);
    // a visible file that is not Parquet is an error naming it, not a silent skip
    Path bad = dir.resolve("signal=spam@1/date=2026-11-26/hour=23/part-bad.parquet");
    Files.writeString(bad, "not parquet");
    assertThatThrownBy(() -> ServedLogReader.read(dir, s -> true, t, t.plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("part-bad.parquet");
  }

  @Test
  void rollsBySizeIntoSeveralCompleteFiles() throws Exception {
    Instant t = Instant.parse("2026-11-26T10:00:00Z");
    ServedSignalLog log = new ServedSignalLog(new ServedSignalLog.Settings(dir, 1.0, 100_000, 1_000, Duration.ofHours(1)),
        Clock.fixed(t, ZoneOffset.UTC), new SimpleMeterRegistry());
    List<ItemResult> rs = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      rs.add(result("i" + i, (i % 97) / 97.0));
    }
    log.served(rs, 1_000_000);
    log.close();
    List<Path> spamFiles = files(dir.resolve("signal=spam@1"));
    assertThat(spamFiles.size()).isBetween(2, 100);
    assertThat(ServedLogReader.read(dir, s -> s.equals("spam@1"), t, t.plusSeconds(1))).hasSize(400);
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ServedSignalLog log = new ServedSignalLog(new ServedSignalLog.Settings(dir, 1.0, 1, 64L << 20, Duration.ofHours(1)),
        Clock.systemUTC(), meters);
    List<ItemResult> rs = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      rs.add(result("i" + i, 0.5));
    }
    long t0 = System.nanoTime();
    log.served(rs, 0);
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    log.close();
    assertThat(log.dropped()).isPositive();
    assertThat(meters.get("prism.monitor.log.dropped").counter().count()).isEqualTo(log.dropped());
    // 20,000 rows offered to a queue of one: nothing waited for the writer (generous bound for a shared machine)
    assertThat(tookMs).isLessThan(5_000);
    double written = meters.get("prism.monitor.log.written").counter().count();
    assertThat(written + log.dropped()).isEqualTo(20_000);
  }

  @Test
  void samplingIsByItemSoEverySignalOfASampledItemIsLogged() throws Exception {
    LogSampler s = new LogSampler(0.1);
    int hits = 0;
    for (int i = 0; i < 100_000; i++) {
      hits += s.sampled("item-" + i) ? 1 : 0;
    }
    // binomial(100000, 0.1): sd 95; 5 sd either side
    assertThat(hits).isBetween(9_525, 10_475);
    assertThat(new LogSampler(0.1).sampled("item-42")).isEqualTo(s.sampled("item-42"));
    assertThat(new LogSampler(0).sampled("x")).isFalse();
    assertThat(new LogSampler(1).sampled("x")).isTrue();

    Instant t = Instant.parse("2026-11-26T10:00:00Z");
    ServedSignalLog log = new ServedSignalLog(new ServedSignalLog.Settings(dir, 0.2, 100_000, 64L << 20, Duration.ofHours(1)),
        Clock.fixed(t, ZoneOffset.UTC), new SimpleMeterRegistry());
    List<ItemResult> rs = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      rs.add(result("i" + i, 0.5));
    }
    log.served(rs, 0);
    log.close();
    List<ServedRow> rows = ServedLogReader.read(dir, x -> true, t, t.plusSeconds(1));
    Map<String, Long> perItem = new java.util.HashMap<>();
    rows.forEach(r -> perItem.merge(r.itemId(), 1L, Long::sum));
    assertThat(perItem.values()).allMatch(n -> n == 4);
    assertThat(perItem.keySet()).allMatch(id -> LogSampler.unit(id) < 0.2);
    assertThat(perItem.size()).isBetween(150, 250);
  }
}
