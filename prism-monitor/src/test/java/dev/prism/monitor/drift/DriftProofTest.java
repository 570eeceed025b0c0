package dev.prism.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.data.YoutubeSpamCollection;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalRecord;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.text.TextStats;
import dev.prism.monitor.log.ServedLogReader;
import dev.prism.monitor.log.ServedSignalLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof: synthetic drift injected into logged traffic is detected, and an unshifted
 * control raises no alarm. Traffic goes through the real served-signal log (Parquet, partitioned by
 * hour) and is read back by hour: the reference is hour 10, the windows hours 11 (control) and 12
 * (shifted), 400 items each, all seeded.
 *
 * <ul>
 *   <li>text lengths: real YouTube comments (datasets/youtube_spam_collection) with the real
 *       {@code text_stats} features ({@link TextStats#compute}); the shifted window repeats each
 *       comment twice (doubling every count feature);
 *   <li>language mix: real sentences of datasets/langid_short_texts; the {@code lang} value is the
 *       corpus's gold language (the language node itself is not run), the shifted window moves 25 %
 *       of the traffic from English to Portuguese;
 *   <li>embeddings: synthetic 384-dimensional unit vectors (MiniLM over this many texts is too slow
 *       for a unit test on 2 cores): a common direction plus isotropic noise, the shifted window's
 *       common direction moved by 0.4 towards another;
 *   <li>{@code spam}: a probability from the same distribution in every window, which must not alarm.
 * </ul>
 */
class DriftProofTest {
  static final SignalSpec STATS = new SignalSpec("text_stats", 1);
  static final SignalSpec LANG = new SignalSpec("lang", 1);
  static final SignalSpec EMB = new SignalSpec("text_embedding", 1);
  static final SignalSpec SPAM = new SignalSpec("spam", 1);
  static final int N = 400;
  static final int DIM = 384;
  static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

  @TempDir
  static Path dir;
  static MonitorReport control;
  static MonitorReport shifted;

  @BeforeAll
  static void logTraffic() throws Exception {
    List<String> comments = new ArrayList<>();
    YoutubeSpamCollection.load(YoutubeSpamCollection.find()).forEach(c -> comments.add(c.content()));
    Collections.shuffle(comments, new Random(1));
    Map<String, List<String>> sentences = new LinkedHashMap<>();
    Path langDir = YoutubeSpamCollection.find().getParent().resolve("langid_short_texts/sentences");
    for (String l : List.of("en", "es", "fr", "de", "pt")) {
      sentences.put(l, Files.readAllLines(langDir.resolve(l + ".txt"), StandardCharsets.UTF_8));
    }
    Random rnd = new Random(7);
    float[] base = unit(gaussian(rnd, DIM));
    float[] other = unit(gaussian(rnd, DIM));
    float[] moved = unit(add(base, other, 0.4f));

    Map<String, Double> mix = Map.of("en", 0.6, "es", 0.2, "fr", 0.1, "de", 0.1);
    Map<String, Double> shiftedMix = Map.of("en", 0.35, "es", 0.2, "fr", 0.1, "de", 0.1, "pt", 0.25);
    log(10, traffic("ref", comments.subList(0, N), false, mix, sentences, base, new Random(10)));
    log(11, traffic("ctl", comments.subList(N, 2 * N), false, mix, sentences, base, new Random(11)));
    log(12, traffic("sft", comments.subList(2 * N, 3 * N), true, shiftedMix, sentences, moved, new Random(12)));

    DriftAnalyzer analyzer = new DriftAnalyzer(defaults(), 10, 42, 2000);
    Map<String, SignalSample> ref = SignalSample.of(ServedLogReader.read(dir, s -> true, hour(10), hour(11)));
    control = analyzer.compare("hour 10", ref, "hour 11", SignalSample.of(ServedLogReader.read(dir, s -> true, hour(11), hour(12))),
        hour(13));
    shifted = analyzer.compare("hour 10", ref, "hour 12", SignalSample.of(ServedLogReader.read(dir, s -> true, hour(12), hour(13))),
        hour(13));
  }

  /** The shipped defaults (monitor.threshold.* in MonitorConfig). */
  static Thresholds defaults() {
    Map<Statistic, Double> d = new EnumMap<>(Statistic.class);
    d.put(Statistic.PSI, 0.2);
    d.put(Statistic.KS, 0.1);
    d.put(Statistic.JS, 0.05);
    d.put(Statistic.WASSERSTEIN, 0.0);
    d.put(Statistic.SHARE_CHANGE, 0.05);
    d.put(Statistic.MEAN_SHIFT, 0.25);
    d.put(Statistic.DOMAIN_AUC, 0.65);
    d.put(Statistic.COVERAGE_DROP, 0.05);
    d.put(Statistic.ERROR_RATE, 0.02);
    d.put(Statistic.LATENCY_P99_MS, 0.0);
    return new Thresholds(d, Map.of(), 1e-3, 100);
  }

  static Instant hour(int h) {
    return DAY.plus(Duration.ofHours(h));
  }

  static void log(int h, List<ItemResult> results) throws Exception {
    try (ServedSignalLog log = new ServedSignalLog(new ServedSignalLog.Settings(dir, 1.0, 100_000, 64L << 20, Duration.ofHours(1)),
        Clock.fixed(hour(h).plusSeconds(90), ZoneOffset.UTC), new SimpleMeterRegistry())) {
      log.served(results, 2_000_000);
    }
  }

  static List<ItemResult> traffic(String prefix, List<String> texts, boolean longer, Map<String, Double> mix,
      Map<String, List<String>> sentences, float[] centre, Random rnd) {
    Provenance p = Provenance.ofCode("test", "1", Map.of());
    List<ItemResult> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String id = prefix + "-" + i;
      String text = longer ? texts.get(i) + " " + texts.get(i) : texts.get(i);
      Map<SignalSpec, SignalRecord> v = new LinkedHashMap<>();
      v.put(STATS, new SignalRecord(id, STATS, new SignalValue.Features(TextStats.compute(text)), p));
      String lang = draw(mix, rnd);
      List<String> pool = sentences.get(lang);
      // the sentence is what the lang signal would read; the value logged is its gold language
      String sentence = pool.get(rnd.nextInt(pool.size()));
      assertThat(sentence).isNotBlank();
      v.put(LANG, new SignalRecord(id, LANG, new SignalValue.Label(lang, 1.0), p));
      float[] noise = gaussian(rnd, DIM);
      v.put(EMB, new SignalRecord(id, EMB, new SignalValue.Embedding(unit(add(centre, unit(noise), 1.0f))), p));
      double u = rnd.nextDouble();
      v.put(SPAM, new SignalRecord(id, SPAM, new SignalValue.Probability(u * u), p));
      out.add(new ItemResult(id, v, Map.of()));
    }
    return out;
  }

  static String draw(Map<String, Double> mix, Random rnd) {
    double u = rnd.nextDouble();
    double acc = 0;
    String last = null;
    for (String k : new java.util.TreeMap<>(mix).keySet()) {
      acc += mix.get(k);
      last = k;
      if (u < acc) {
        return k;
      }
    }
    return last;
  }

  static float[] gaussian(Random rnd, int d) {
    float[] x = new float[d];
    for (int i = 0; i < d; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    return x;
  }

  static float[] add(float[] a, float[] b, float w) {
    float[] x = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      x[i] = a[i] + w * b[i];
    }
    return x;
  }

  static float[] unit(float[] x) {
    double n = 0;
    for (float v : x) {
      n += v * v;
    }
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) (x[i] / Math.sqrt(n));
    }
    return y;
  }

  static List<Check> breaches(MonitorReport r, String series) {
    return r.breaches().stream().filter(c -> c.series().equals(series)).toList();
  }

  static void print(String name, MonitorReport r) {
    System.out.println("== " + name + ": " + r.breaches().size() + " breaches");
    for (SignalDrift s : r.signals()) {
      for (SeriesDrift d : s.series()) {
        switch (d) {
          case SeriesDrift.Scalar x -> {
            if (x.series().endsWith("char_count") || x.series().endsWith("token_count") || x.series().startsWith("spam")) {
              System.out.printf(java.util.Locale.ROOT, "%s psi=%.4f ks=%.4f (p=%.3g) js=%.4f w1=%.4f%n", x.series(), x.psi().psi(),
                  x.ks().statistic(), x.ks().pValue(), x.js(), x.wasserstein());
            }
          }
          case SeriesDrift.Label l -> System.out.printf(java.util.Locale.ROOT, "%s chi2=%.2f dof=%d p=%.3g maxShareChange=%.4f (%s)%n",
              l.series(), l.chiSquared().statistic(), l.chiSquared().degreesOfFreedom(), l.chiSquared().pValue(), l.maxShareChange(),
              l.maxShareClass());
          case SeriesDrift.Embedding m -> System.out.printf(java.util.Locale.ROOT, "%s meanShift=%.4f domainAuc=%.4f%n", m.series(),
              m.meanShift(), m.domainAuc());
        }
      }
    }
    r.breaches().forEach(c -> System.out.println("  breach " + c));
  }

  @Test
  void controlWindowRaisesNoAlarm() {
    print("control", control);
    assertThat(control.signals()).extracting(SignalDrift::signal)
        .containsExactly("lang@1", "spam@1", "text_embedding@1", "text_stats@1");
    assertThat(control.breaches()).isEmpty();
    assertThat(control.signals()).allSatisfy(s -> assertThat(s.checks()).noneMatch(c -> c.status() == Check.Status.INSUFFICIENT));
  }

  @Test
  void shiftedTextLengthsAreDetectedOnTheTextStatsFeatures() {
    print("shifted", shifted);
    assertThat(breaches(shifted, "text_stats@1.char_count")).extracting(Check::statistic).contains(Statistic.PSI, Statistic.KS);
    assertThat(breaches(shifted, "text_stats@1.token_count")).extracting(Check::statistic).contains(Statistic.PSI);
    // ratios do not change when a text is repeated: no alarm on them
    assertThat(breaches(shifted, "text_stats@1.uppercase_ratio")).isEmpty();
  }

  @Test
  void aDifferentLanguageMixIsDetectedByChiSquared() {
    List<Check> lang = breaches(shifted, "lang@1");
    assertThat(lang).singleElement().satisfies(c -> {
      assertThat(c.statistic()).isEqualTo(Statistic.SHARE_CHANGE);
      assertThat(c.pValue()).isLessThan(1e-6);
    });
    SeriesDrift.Label l = (SeriesDrift.Label) shifted.signals().stream().filter(s -> s.signal().equals("lang@1")).findFirst()
        .orElseThrow().series().get(0);
    assertThat(l.maxShareClass()).isIn("en", "pt");
    assertThat(l.chiSquared().degreesOfFreedom()).isEqualTo(4);
  }

  @Test
  void anEmbeddingShiftIsDetectedByMeanShiftAndTheDomainClassifier() {
    assertThat(breaches(shifted, "text_embedding@1")).extracting(Check::statistic)
        .containsExactlyInAnyOrder(Statistic.MEAN_SHIFT, Statistic.DOMAIN_AUC);
  }

  @Test
  void theUnshiftedSignalStaysQuietInTheShiftedWindow() {
    assertThat(breaches(shifted, "spam@1")).isEmpty();
  }
}
