package dev.prism.models.text.langid;

import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.text.LanguageNode;
import dev.prism.models.text.ShortTextLanguageNode;
import dev.prism.models.text.langid.LangIdCorpus.Bucket;
import dev.prism.models.text.langid.LangIdCorpus.Sample;
import dev.prism.models.text.langid.LangIdCorpus.Split;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Scores a language detector on {@link LangIdCorpus}: accuracy per length bucket and per language,
 * abstention, expected calibration error and single-thread throughput.
 *
 * <p>Definitions (the same for every detector):
 *
 * <ul>
 *   <li><b>accuracy</b>: share of texts whose label names the gold language ({@link
 *       LanguageCodes#matches}); {@code und} counts as wrong.
 *   <li><b>coverage</b>: share of texts with a label other than {@code und}; <b>selective
 *       accuracy</b>: accuracy among those.
 *   <li><b>ECE</b>: expected calibration error of the confidence over the labelled ({@code
 *       und}-free) texts, {@value #ECE_BINS} equal-width bins: sum over bins of (bin size / n) *
 *       |accuracy in bin - mean confidence in bin|.
 *   <li><b>throughput per core</b>: texts per CPU-second of the whole process (every thread: the
 *       caller, the common fork-join pool that Lingua fans each text out to, GC and JIT), with the
 *       detector called from one thread in batches of {@value #BATCH_SIZE}, after labelling
 *       {@value #WARMUP_TEXTS} texts spread over all buckets untimed (so the JIT has compiled the
 *       detector before the first bucket is timed). CPU time rather than wall time
 *       because Lingua uses several threads per text and because the machines this runs on are
 *       shared; wall-clock texts/s is reported beside it.
 * </ul>
 */
public final class LangIdEvaluation {
  public static final int BATCH_SIZE = 256;
  public static final int ECE_BINS = 10;
  /** Texts labelled untimed before any timing, spread evenly over the samples (all buckets). */
  public static final int WARMUP_TEXTS = 2_000;

  private LangIdEvaluation() {}

  /** A detector seen as a function from texts to labels, one label per text, in order. */
  @FunctionalInterface
  public interface Labeler {
    List<SignalValue.Label> label(List<String> texts);
  }

  /** A node producing a label signal, called batch-first as the signal graph calls it. */
  public static Labeler of(Node node, SignalSpec spec) {
    if (!node.produces().contains(spec)) {
      throw new IllegalArgumentException("node " + node.name() + " does not produce " + spec + " (it produces " + node.produces() + ")");
    }
    return texts -> {
      List<ContentItem> items = new ArrayList<>(texts.size());
      for (int i = 0; i < texts.size(); i++) {
        items.add(ContentItem.ofText(Integer.toString(i), texts.get(i)));
      }
      Column c = node.compute(new Batch(items, Map.of())).get(spec);
      List<SignalValue.Label> out = new ArrayList<>(texts.size());
      for (int i = 0; i < texts.size(); i++) {
        if (!c.ok(i)) {
          throw new IllegalStateException(node.name() + " failed on text " + i + ": " + c.error(i));
        }
        out.add((SignalValue.Label) c.get(i));
      }
      return out;
    };
  }

  /** Counts over a set of texts. */
  public record Tally(int n, int correct, int abstained, double ece) {
    public double accuracy() {
      return n == 0 ? Double.NaN : correct / (double) n;
    }

    public double coverage() {
      return n == 0 ? Double.NaN : (n - abstained) / (double) n;
    }

    public double selectiveAccuracy() {
      return n == abstained ? Double.NaN : correct / (double) (n - abstained);
    }
  }

  /**
   * @param textsPerSecond wall clock, one calling thread
   * @param textsPerCpuSecond per CPU-second of the whole process: throughput per core (NaN when the
   *     JVM does not report process CPU time)
   */
  public record BucketResult(Bucket bucket, Tally tally, double textsPerSecond, double textsPerCpuSecond) {}

  /**
   * @param languages gold ISO 639-3 code to bucket to tally
   */
  public record Report(String detector, Map<Bucket, BucketResult> buckets, Tally overall,
      Map<String, Map<Bucket, Tally>> languages) {}

  /** One prediction, for callers that need more than the report (e.g. listing errors). */
  public record Outcome(Sample sample, SignalValue.Label label, boolean correct) {}

  public static Report evaluate(String detector, Labeler labeler, List<Sample> samples) {
    return report(detector, run(labeler, samples));
  }

  /** Labels every sample, bucket by bucket; returns outcomes in sample order plus timings. */
  public static Run run(Labeler labeler, List<Sample> samples) {
    Map<Bucket, List<Integer>> byBucket = new EnumMap<>(Bucket.class);
    for (int i = 0; i < samples.size(); i++) {
      byBucket.computeIfAbsent(samples.get(i).bucket(), b -> new ArrayList<>()).add(i);
    }
    Outcome[] outcomes = new Outcome[samples.size()];
    int w = Math.min(WARMUP_TEXTS, samples.size());
    List<String> warmup = new ArrayList<>(w);
    for (int i = 0; i < w; i++) {
      warmup.add(samples.get((int) ((long) i * samples.size() / w)).text());
    }
    for (int from = 0; from < warmup.size(); from += BATCH_SIZE) {
      labeler.label(warmup.subList(from, Math.min(warmup.size(), from + BATCH_SIZE)));
    }
    Map<Bucket, Double> seconds = new EnumMap<>(Bucket.class);
    Map<Bucket, Double> cpuSeconds = new EnumMap<>(Bucket.class);
    for (Map.Entry<Bucket, List<Integer>> e : byBucket.entrySet()) {
      List<Integer> idx = e.getValue();
      List<String> texts = new ArrayList<>(idx.size());
      idx.forEach(i -> texts.add(samples.get(i).text()));
      long t0 = System.nanoTime();
      long c0 = processCpuNanos();
      List<SignalValue.Label> labels = new ArrayList<>(texts.size());
      for (int from = 0; from < texts.size(); from += BATCH_SIZE) {
        List<String> chunk = texts.subList(from, Math.min(texts.size(), from + BATCH_SIZE));
        List<SignalValue.Label> got = labeler.label(chunk);
        if (got.size() != chunk.size()) {
          throw new IllegalStateException("detector returned " + got.size() + " labels for " + chunk.size() + " texts");
        }
        labels.addAll(got);
      }
      seconds.put(e.getKey(), (System.nanoTime() - t0) / 1e9);
      cpuSeconds.put(e.getKey(), (processCpuNanos() - c0) / 1e9);
      for (int k = 0; k < idx.size(); k++) {
        Sample s = samples.get(idx.get(k));
        SignalValue.Label l = labels.get(k);
        outcomes[idx.get(k)] = new Outcome(s, l, LanguageCodes.matches(s.language(), l.label()));
      }
    }
    return new Run(List.of(outcomes), seconds, cpuSeconds);
  }

  /**
   * Outcomes of one pass, and the wall-clock and process CPU seconds spent labelling each bucket
   * (warm-up excluded).
   */
  public record Run(List<Outcome> outcomes, Map<Bucket, Double> seconds, Map<Bucket, Double> cpuSeconds) {}

  /** CPU time of every thread of this process, or -1 when the JVM does not report it. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  public static Report report(String detector, Run run) {
    Map<Bucket, List<Outcome>> byBucket = new EnumMap<>(Bucket.class);
    Map<String, Map<Bucket, List<Outcome>>> byLang = new TreeMap<>();
    for (Outcome o : run.outcomes()) {
      byBucket.computeIfAbsent(o.sample().bucket(), b -> new ArrayList<>()).add(o);
      byLang.computeIfAbsent(o.sample().language(), l -> new EnumMap<>(Bucket.class))
          .computeIfAbsent(o.sample().bucket(), b -> new ArrayList<>()).add(o);
    }
    Map<Bucket, BucketResult> buckets = new EnumMap<>(Bucket.class);
    byBucket.forEach((b, os) -> {
      double cpu = run.cpuSeconds().getOrDefault(b, -1.0);
      buckets.put(b, new BucketResult(b, tally(os), os.size() / run.seconds().get(b), cpu > 0 ? os.size() / cpu : Double.NaN));
    });
    Map<String, Map<Bucket, Tally>> langs = new TreeMap<>();
    byLang.forEach((l, m) -> {
      Map<Bucket, Tally> t = new EnumMap<>(Bucket.class);
      m.forEach((b, os) -> t.put(b, tally(os)));
      langs.put(l, t);
    });
    return new Report(detector, buckets, tally(run.outcomes()), langs);
  }

  public static Tally tally(List<Outcome> outcomes) {
    int correct = 0;
    int abstained = 0;
    List<Outcome> labelled = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (o.correct()) {
        correct++;
      }
      if (ShortTextLanguageNode.UNDETERMINED.equals(o.label().label())) {
        abstained++;
      } else {
        labelled.add(o);
      }
    }
    double[] conf = new double[labelled.size()];
    boolean[] ok = new boolean[labelled.size()];
    for (int i = 0; i < conf.length; i++) {
      conf[i] = labelled.get(i).label().confidence();
      ok[i] = labelled.get(i).correct();
    }
    return new Tally(outcomes.size(), correct, abstained, expectedCalibrationError(conf, ok, ECE_BINS));
  }

  /**
   * Expected calibration error with {@code bins} equal-width bins over [0, 1] (a confidence of
   * exactly 1 falls in the last bin). NaN when there are no points.
   */
  public static double expectedCalibrationError(double[] confidence, boolean[] correct, int bins) {
    if (confidence.length != correct.length) {
      throw new IllegalArgumentException(confidence.length + " confidences but " + correct.length + " outcomes");
    }
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, got " + bins);
    }
    if (confidence.length == 0) {
      return Double.NaN;
    }
    double[] sumConf = new double[bins];
    int[] right = new int[bins];
    int[] count = new int[bins];
    for (int i = 0; i < confidence.length; i++) {
      double c = confidence[i];
      if (!(c >= 0 && c <= 1)) {
        throw new IllegalArgumentException("confidence " + c + " at " + i + " is outside [0, 1]");
      }
      int b = Math.min(bins - 1, (int) (c * bins));
      sumConf[b] += c;
      count[b]++;
      if (correct[i]) {
        right[b]++;
      }
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += count[b] / (double) confidence.length * Math.abs(right[b] / (double) count[b] - sumConf[b] / count[b]);
      }
    }
    return ece;
  }

  // ---- reporting -------------------------------------------------------------------------

  /** Resources of a detector: heap retained after construction and construction time. */
  public record Cost(long heapBytes, double loadSeconds, String languages) {}

  private static String pct(double x) {
    return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * x);
  }

  /**
   * Markdown table: one row per detector, accuracy per bucket and overall, coverage, ECE,
   * throughput per core per bucket, and (when given) heap and languages loaded.
   */
  public static String bucketTable(List<Report> reports, Map<String, Cost> costs) {
    StringBuilder sb = new StringBuilder();
    sb.append("| detector | single words | word pairs | sentences | all | coverage (sw / wp / s) | ECE (sw / wp / s; all) | texts per CPU-second (sw / wp / s) | heap | languages |\n");
    sb.append("| --- | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: | --- |\n");
    for (Report r : reports) {
      sb.append("| ").append(r.detector());
      for (Bucket b : Bucket.values()) {
        BucketResult br = r.buckets().get(b);
        sb.append(" | ").append(br == null ? "–" : pct(br.tally().accuracy()));
      }
      sb.append(" | ").append(pct(r.overall().accuracy())).append(" | ");
      List<String> cov = new ArrayList<>();
      List<String> tps = new ArrayList<>();
      List<String> eces = new ArrayList<>();
      for (Bucket b : Bucket.values()) {
        BucketResult br = r.buckets().get(b);
        cov.add(br == null ? "–" : pct(br.tally().coverage()));
        eces.add(br == null ? "–" : String.format(Locale.ROOT, "%.3f", br.tally().ece()));
        tps.add(br == null ? "–" : String.format(Locale.ROOT, "%,.0f", br.textsPerCpuSecond()));
      }
      sb.append(String.join(" / ", cov)).append(" | ")
          .append(String.join(" / ", eces)).append(String.format(Locale.ROOT, "; %.3f", r.overall().ece())).append(" | ")
          .append(String.join(" / ", tps)).append(" | ");
      Cost c = costs.get(r.detector());
      sb.append(c == null ? "–" : String.format(Locale.ROOT, "%.0f MB", c.heapBytes() / 1e6)).append(" | ")
          .append(c == null ? "–" : c.languages()).append(" |\n");
    }
    return sb.toString();
  }

  /** Markdown table: wall-clock texts/s (one calling thread) per bucket, for the record. */
  public static String wallTable(List<Report> reports) {
    StringBuilder sb = new StringBuilder("| detector | wall texts/s, one calling thread (sw / wp / s) |\n| --- | --- |\n");
    for (Report r : reports) {
      List<String> tps = new ArrayList<>();
      for (Bucket b : Bucket.values()) {
        BucketResult br = r.buckets().get(b);
        tps.add(br == null ? "–" : String.format(Locale.ROOT, "%,.0f", br.textsPerSecond()));
      }
      sb.append("| ").append(r.detector()).append(" | ").append(String.join(" / ", tps)).append(" |\n");
    }
    return sb.toString();
  }

  /** Markdown table: accuracy per gold language and bucket, detectors side by side. */
  public static String languageTable(List<Report> reports) {
    StringBuilder sb = new StringBuilder("| language |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (Bucket b : Bucket.values()) {
      for (Report r : reports) {
        sb.append(' ').append(r.detector()).append(' ').append(short_(b)).append(" |");
        rule.append(" ---: |");
      }
    }
    sb.append('\n').append(rule).append('\n');
    TreeSet<String> langs = new TreeSet<>();
    reports.forEach(r -> langs.addAll(r.languages().keySet()));
    for (String l : langs) {
      sb.append("| ").append(l).append(" |");
      for (Bucket b : Bucket.values()) {
        for (Report r : reports) {
          Tally t = r.languages().getOrDefault(l, Map.of()).get(b);
          sb.append(' ').append(t == null ? "–" : pct(t.accuracy())).append(" |");
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String short_(Bucket b) {
    return switch (b) {
      case SINGLE_WORDS -> "sw";
      case WORD_PAIRS -> "wp";
      case SENTENCES -> "s";
    };
  }

  /** Used heap after asking for full collections until it stops shrinking (at most 10 tries). */
  public static long usedHeapAfterGc() {
    var mem = ManagementFactory.getMemoryMXBean();
    long prev = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      long used = mem.getHeapMemoryUsage().getUsed();
      if (used >= prev - (1 << 20)) {
        return Math.min(used, prev);
      }
      prev = used;
    }
    return prev;
  }

  // ---- command line ----------------------------------------------------------------------

  /** A named detector the command line can build. */
  record Spec(String name, Supplier<Node> factory, SignalSpec signal, String languages) {}

  static Spec spec(String name) {
    return switch (name) {
      case "lang1" -> new Spec("lang@1 (OpenNLP)",
          () -> new LanguageNode(LanguageNode.DEFAULT_MIN_LETTERS, LanguageNode.DEFAULT_MIN_CONFIDENCE), LanguageNode.LANG, "103");
      case "lang2" -> new Spec("lang@2 (Lingua high)",
          () -> new ShortTextLanguageNode(ShortTextLanguageNode.Options.defaults()), ShortTextLanguageNode.LANG, "27");
      case "lang2-low" -> new Spec("lang@2 (Lingua low)",
          () -> new ShortTextLanguageNode(ShortTextLanguageNode.Options.defaults().withAccuracy(ShortTextLanguageNode.Accuracy.LOW)),
          ShortTextLanguageNode.LANG, "27");
      default -> throw new IllegalArgumentException("unknown detector '" + name + "'; known: lang1, lang2, lang2-low");
    };
  }

  static final String USAGE = "usage: LangIdEvaluation [--corpus DIR] [--split evaluation|calibration|all] [--every K] [--out FILE.md] DETECTOR...\n"
      + "  DETECTOR: lang1 | lang2 | lang2-low (each is built, measured and closed in turn)";

  /**
   * Evaluates the named detectors ({@code lang1}, {@code lang2}, {@code lang2-low}) on a split of
   * the corpus ({@code evaluation}, {@code calibration} or {@code all}; every {@code every}-th text)
   * and returns the markdown tables: per bucket with coverage, ECE, throughput, heap and load time;
   * wall-clock throughput; per language.
   */
  public static String evaluateToMarkdown(Path corpus, String split, int every, List<String> detectors) throws IOException {
    if (detectors.isEmpty()) {
      throw new IllegalArgumentException("name at least one detector\n" + USAGE);
    }
    if (every < 1) {
      throw new IllegalArgumentException("--every must be >= 1, got " + every);
    }
    LangIdCorpus c = LangIdCorpus.load(corpus);
    List<Sample> samples = switch (split) {
      case "evaluation" -> c.split(Split.EVALUATION);
      case "calibration" -> c.split(Split.CALIBRATION);
      case "all" -> c.samples();
      default -> throw new IllegalArgumentException("--split must be evaluation, calibration or all, got " + split);
    };
    samples = LangIdCorpus.everyKth(samples, every);
    List<Report> reports = new ArrayList<>();
    Map<String, Cost> costs = new LinkedHashMap<>();
    for (String d : detectors) {
      Spec s = spec(d);
      long before = usedHeapAfterGc();
      long t0 = System.nanoTime();
      Node node = s.factory().get();
      double load = (System.nanoTime() - t0) / 1e9;
      long after = usedHeapAfterGc();
      try (node) {
        reports.add(evaluate(s.name(), of(node, s.signal()), samples));
      }
      costs.put(s.name(), new Cost(after - before, load, s.languages()));
      System.err.printf(Locale.ROOT, "%s: heap %+.0f MB, built in %.1f s%n", s.name(), (after - before) / 1e6, load);
    }
    return "Corpus " + corpus + ", split " + split + " (seed " + c.seed() + ")" + (every > 1 ? ", every " + every + "th text" : "")
        + ", " + samples.size() + " texts; java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores\n\n"
        + bucketTable(reports, costs) + "\n" + wallTable(reports) + "\n" + languageTable(reports);
  }

  /**
   * Evaluates the named detectors on the corpus and prints (and with {@code --out} writes) the
   * markdown tables. Heap per detector is measured as used heap after GC before and after building
   * it; build them in a fresh JVM for clean numbers (each is closed before the next is built).
   */
  public static void main(String[] args) throws IOException {
    Path corpus = Path.of("datasets", "langid_short_texts");
    String split = "evaluation";
    int every = 1;
    Path out = null;
    List<String> detectors = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--corpus" -> corpus = Path.of(value(args, ++i));
        case "--split" -> split = value(args, ++i);
        case "--every" -> every = Integer.parseInt(value(args, ++i));
        case "--out" -> out = Path.of(value(args, ++i));
        case "-h", "--help" -> {
          System.out.println(USAGE);
          return;
        }
        default -> {
          if (args[i].startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
          }
          detectors.add(args[i]);
        }
      }
    }
    if (detectors.isEmpty()) {
      throw new IllegalArgumentException("name at least one detector\n" + USAGE);
    }
    String md = evaluateToMarkdown(corpus, split, every, detectors);
    System.out.println(md);
    if (out != null) {
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      Files.writeString(out, md, StandardCharsets.UTF_8);
    }
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value\n" + USAGE);
    }
    return args[i];
  }
}
