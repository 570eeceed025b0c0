package dev.prism.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.cli.io.Progress;
import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.CsvReader;
import dev.prism.core.io.JsonlReader;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalRecord;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.ValueCodecs;
import dev.prism.core.signal.ValueType;
import dev.prism.label.wrench.WrenchDataset;
import dev.prism.label.wrench.WrenchReader;
import dev.prism.label.wrench.WrenchSplit;
import dev.prism.learn.data.Snapshot;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.data.SnapshotMeta;
import dev.prism.learn.data.Split;
import dev.prism.models.ModelsConfig;
import dev.prism.runtime.graph.GraphAssembly;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "snapshot", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Build a prism-learn training snapshot (JSONL) from a WRENCH dataset directory.",
        "Runs the signal graph - the same one `prism serve` runs - over every item of "
            + "train, valid and test, and writes one line per item: its frozen signals as "
            + "features, split, labels, metadata and text.",
        "",
        "Labels: valid and test keep their gold `label`. Train gets `soft_label` from "
            + "--soft-labels (a label model's output, `prism labelmodel fit --train-proba`), "
            + "joined by WRENCH id. Train's gold label goes where --train-gold says:",
        "  meta   (default) kept as meta.gold_label, which no label mode trains on;",
        "  label  the supervised reference (`prism train --labels hard` trains on it);",
        "  omit   dropped.",
        "",
        "Item ids are SPLIT:WRENCH_ID (WRENCH ids repeat across splits). Metadata: "
            + "wrench_id, length_bucket (characters), and --meta-csv's columns.",
        "",
        "Example:",
        "  prism labelmodel fit --wrench datasets/wrench_youtube --model generative \\",
        "      --train-proba out/proba.jsonl",
        "  prism snapshot --wrench datasets/wrench_youtube \\",
        "      --soft-labels out/proba.jsonl --out out/snap.jsonl"})
final class SnapshotCommand implements Callable<Integer> {
  static final List<String> DEFAULT_SIGNALS = List.of("text_embedding@1", "text_stats@1");

  @Option(names = "--wrench", required = true, paramLabel = "DIR", description = "WRENCH dataset directory (train.json, valid.json, test.json[, label.json]).")
  Path wrench;

  @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Snapshot to write (JSONL); overwritten.")
  Path out;

  @Option(names = "--soft-labels", paramLabel = "FILE",
      description = "JSONL of {\"id\": WRENCH train id, \"probs\": [p0, p1, ...]} (the label model's --train-proba output). "
          + "Every train item must have a line.")
  Path softLabels;

  @Option(names = "--signals", split = ",", paramLabel = "NAME[@MAJOR]",
      description = "Signals to freeze as features, in feature order (default: text_embedding@1,text_stats@1). "
          + "Embeddings, named features, probabilities and scores only.")
  List<String> signals = new ArrayList<>();

  @Option(names = "--splits", split = ",", defaultValue = "train,valid,test", description = "Splits to include (default: ${DEFAULT-VALUE}).")
  List<String> splits;

  @Option(names = "--train-gold", defaultValue = "meta", paramLabel = "meta|label|omit",
      description = "Where train's gold labels go (default: ${DEFAULT-VALUE}; see above).")
  String trainGold;

  @Option(names = "--meta-csv", paramLabel = "FILE", description = "CSV with per-item metadata, joined by --meta-split-column and --meta-id-column.")
  Path metaCsv;

  @Option(names = "--meta-id-column", defaultValue = "id", description = "Column of --meta-csv with the WRENCH id (default: ${DEFAULT-VALUE}).")
  String metaIdColumn;

  @Option(names = "--meta-split-column", description = "Column of --meta-csv with the split (train, valid, test; other values are ignored). "
      + "Without it, the id alone joins (ids must then be unique across splits).")
  String metaSplitColumn;

  @Option(names = "--meta-columns", split = ",", description = "Columns of --meta-csv to keep (default: all but the key columns).")
  List<String> metaColumns = new ArrayList<>();

  @Option(names = "--batch-size", defaultValue = "" + dev.prism.runtime.batch.BatchRunner.DEFAULT_BATCH_SIZE, description = "Items per graph run (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--progress", negatable = true, description = "Force the progress bar on or off (default: on when stderr is a terminal).")
  Boolean progress;

  @Mixin ConfigOptions config;

  /** One input item before its signals are computed. */
  record Pending(String id, String text, Split split, Optional<String> label, Optional<double[]> soft, Map<String, String> meta) {}

  @Override
  public Integer call() throws Exception {
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("--batch-size must be in [1, 100000], got " + batchSize);
    }
    if (!List.of("meta", "label", "omit").contains(trainGold)) {
      throw new IllegalArgumentException("--train-gold must be meta, label or omit, got '" + trainGold + "'");
    }
    Set<Split> wantedSplits = new LinkedHashSet<>();
    for (String s : splits) {
      Split sp = Split.parse(s.strip());
      if (sp == Split.POOL) {
        throw new IllegalArgumentException("--splits: a WRENCH dataset has train, valid and test, not '" + s + "'");
      }
      wantedSplits.add(sp);
    }
    PrintStream err = System.err;
    WrenchDataset data = WrenchReader.read(wrench);
    Map<String, double[]> soft = softLabels == null ? Map.of() : readSoftLabels(softLabels, data.k());
    Map<String, Map<String, String>> meta = metaCsv == null ? Map.of() : readMetaCsv(metaCsv);
    List<Pending> pending = new ArrayList<>();
    for (Split sp : wantedSplits) {
      Optional<WrenchSplit> ws = switch (sp) {
        case TRAIN -> Optional.of(data.train());
        case VALID -> data.valid();
        case TEST -> data.test();
        case POOL -> Optional.empty();
      };
      if (ws.isEmpty()) {
        throw new IllegalArgumentException(wrench + ": no " + sp.key() + ".json (drop it from --splits)");
      }
      addSplit(pending, ws.get(), sp, soft, meta);
    }
    if (softLabels != null) {
      Set<String> trainIds = new java.util.HashSet<>(data.train().ids());
      List<String> extra = soft.keySet().stream().filter(id -> !trainIds.contains(id)).sorted().limit(5).toList();
      if (!extra.isEmpty()) {
        err.println("prism snapshot: warning: " + softLabels + " has ids that are not in " + wrench.resolve(WrenchReader.TRAIN)
            + ", e.g. " + extra + " (ignored)");
      }
    }

    Config cfg = config.load(ModelsConfig.ONNX_DETERMINISTIC.withDefault(true)); // docs/reproducibility.md
    long t0 = System.nanoTime();
    long written = 0;
    long failed = 0;
    try (SignalGraph graph = GraphAssembly.build(cfg, GraphListener.NONE)) {
      Set<SignalSpec> wanted = new LinkedHashSet<>();
      for (String s : signals.isEmpty() ? DEFAULT_SIGNALS : signals) {
        SignalSpec spec = graph.resolve(s.strip());
        ValueType type = graph.contracts().get(spec).type();
        if (!ValueCodecs.standard().forType(type).numeric(type)) {
          throw new IllegalArgumentException("--signals: " + spec + " is a " + type.kind()
              + " signal; a snapshot's features are numeric (embeddings, named features, probabilities, scores, "
              + "or any kind whose codec declares features)");
        }
        wanted.add(spec);
      }
      err.printf(Locale.ROOT, "prism snapshot: %,d items (%s) from %s; signals %s%n", pending.size(), counts(pending), wrench, wanted);
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      boolean tty = progress != null ? progress : Prism.isTerminal();
      Progress bar = new Progress(err, tty, pending.size());
      try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        for (int from = 0; from < pending.size(); from += batchSize) {
          List<Pending> batch = pending.subList(from, Math.min(pending.size(), from + batchSize));
          List<ContentItem> items = new ArrayList<>(batch.size());
          for (Pending p : batch) {
            items.add(ContentItem.ofText(p.id(), p.text()));
          }
          List<ItemResult> results = graph.run(items, wanted);
          for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            ItemResult r = results.get(i);
            if (!r.complete() || !r.itemId().equals(p.id())) {
              failed++;
              err.println("prism snapshot: item " + p.id() + ": signals failed " + r.errors() + " (item left out)");
              continue;
            }
            Map<SignalSpec, SignalValue> features = new LinkedHashMap<>();
            for (SignalSpec s : wanted) {
              SignalRecord rec = r.values().get(s);
              features.put(s, rec.value());
            }
            w.write(Snapshot.toJsonLine(new SnapshotItem(p.id(), p.text(), features, p.label(), p.soft(), p.meta(), p.split())));
            w.write('\n');
            written++;
          }
          bar.update(from + batch.size(), from + batch.size(), failed);
        }
      }
      bar.finish(pending.size(), failed);
      SnapshotMeta.create(out, wanted, graph::provenance).write(out); // OUT.meta.json: code version, platform, signal provenance
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    err.printf(Locale.ROOT, "prism snapshot: wrote %,d items to %s in %.1f s (%,.1f items/s)%s%n", written, out, secs,
        written / Math.max(secs, 1e-9), failed > 0 ? String.format(Locale.ROOT, "; %,d items failed and were left out", failed) : "");
    return failed > 0 ? Prism.EXIT_PARTIAL : Prism.EXIT_OK;
  }

  private void addSplit(List<Pending> out, WrenchSplit ws, Split sp, Map<String, double[]> soft, Map<String, Map<String, String>> meta) {
    int[] labels = ws.labels();
    for (int i = 0; i < ws.size(); i++) {
      String wid = ws.ids().get(i);
      String text = ws.texts().get(i);
      Map<String, String> m = new LinkedHashMap<>();
      m.put("wrench_id", wid);
      m.put("length_bucket", lengthBucket(text));
      Map<String, String> joined = meta.get(metaSplitColumn == null ? wid : sp.key() + "\u0000" + wid);
      if (joined != null) {
        m.putAll(joined);
      }
      Optional<String> gold = labels[i] >= 0 ? Optional.of(Integer.toString(labels[i])) : Optional.empty();
      Optional<String> label = gold;
      Optional<double[]> sl = Optional.empty();
      if (sp == Split.TRAIN) {
        if (softLabels != null) {
          double[] p = soft.get(wid);
          if (p == null) {
            throw new IllegalArgumentException(softLabels + ": no soft label for train item '" + wid + "' (of "
                + wrench.resolve(WrenchReader.TRAIN) + "); the file must cover every train item");
          }
          sl = Optional.of(p);
        }
        switch (trainGold) {
          case "meta" -> {
            gold.ifPresent(g -> m.put("gold_label", g));
            label = Optional.empty();
          }
          case "omit" -> label = Optional.empty();
          default -> { }
        }
      }
      out.add(new Pending(sp.key() + ":" + wid, text, sp, label, sl, m));
    }
  }

  /** Character-length buckets for slicing: short texts are where text signals are weakest. */
  static String lengthBucket(String text) {
    int n = text.strip().length();
    if (n <= 20) {
      return "000-020";
    } else if (n <= 50) {
      return "021-050";
    } else if (n <= 100) {
      return "051-100";
    } else if (n <= 200) {
      return "101-200";
    }
    return "201+";
  }

  private static String counts(List<Pending> pending) {
    Map<Split, Integer> c = new LinkedHashMap<>();
    pending.forEach(p -> c.merge(p.split(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    c.forEach((k, v) -> parts.add(k.key() + " " + v));
    return String.join(", ", parts);
  }

  /** JSONL: {"id": ..., "probs": [...]} (or "soft_label"); errors name the file and line. */
  static Map<String, double[]> readSoftLabels(Path file, int k) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--soft-labels: file not found: " + file);
    }
    Map<String, double[]> out = new HashMap<>();
    JsonlReader.forEach(file, line -> { // errors come back as FILE:LINE: reason
      JsonNode o = line.value();
      if (o == null || !o.isObject() || !o.hasNonNull("id")) {
        throw new IllegalArgumentException("expected an object with \"id\" and \"probs\"");
      }
      String id = o.get("id").asText();
      JsonNode a = o.has("probs") ? o.get("probs") : o.get("soft_label");
      if (a == null || !a.isArray()) {
        throw new IllegalArgumentException("item '" + id + "': missing array \"probs\"");
      }
      if (a.size() != k) {
        throw new IllegalArgumentException("item '" + id + "': " + a.size() + " probabilities but the dataset has " + k + " classes");
      }
      double[] p = new double[k];
      double sum = 0;
      for (int j = 0; j < k; j++) {
        if (!a.get(j).isNumber() || !(a.get(j).asDouble() >= 0 && a.get(j).asDouble() <= 1)) {
          throw new IllegalArgumentException("item '" + id + "': probs[" + j + "] = " + a.get(j) + " is not a probability");
        }
        p[j] = a.get(j).asDouble();
        sum += p[j];
      }
      if (Math.abs(sum - 1) > 1e-4) {
        throw new IllegalArgumentException("item '" + id + "': probs sum to " + sum + ", not 1");
      }
      for (int j = 0; j < k; j++) {
        p[j] /= sum;
      }
      if (out.put(id, p) != null) {
        throw new IllegalArgumentException("duplicate id '" + id + "'");
      }
    });
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + ": no soft labels");
    }
    return out;
  }

  /** Metadata rows keyed by id, or by split + NUL + id when --meta-split-column is set. */
  private Map<String, Map<String, String>> readMetaCsv(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--meta-csv: file not found: " + file);
    }
    Map<String, Map<String, String>> out = new HashMap<>();
    try (CsvReader r = new CsvReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
      CsvReader.Row header = r.next();
      if (header == null) {
        throw new IllegalArgumentException(file + ": empty file (expected a header row)");
      }
      List<String> cols = header.fields().stream().map(String::strip).toList();
      int idCol = column(file, cols, metaIdColumn, "--meta-id-column");
      int splitCol = metaSplitColumn == null ? -1 : column(file, cols, metaSplitColumn, "--meta-split-column");
      List<Integer> keep = new ArrayList<>();
      if (metaColumns.isEmpty()) {
        for (int c = 0; c < cols.size(); c++) {
          if (c != idCol && c != splitCol) {
            keep.add(c);
          }
        }
      } else {
        for (String name : metaColumns) {
          keep.add(column(file, cols, name.strip(), "--meta-columns"));
        }
      }
      for (CsvReader.Row row = r.next(); row != null; row = r.next()) {
        if (row.isBlank()) {
          continue;
        }
        if (row.fields().size() != cols.size()) {
          throw new IllegalArgumentException(file + ":" + row.line() + ": " + row.fields().size() + " fields but the header has " + cols.size());
        }
        String id = row.fields().get(idCol).strip();
        String key = id;
        if (splitCol >= 0) {
          String split = row.fields().get(splitCol).strip();
          if (!List.of("train", "valid", "test").contains(split)) {
            continue;
          }
          key = split + "\u0000" + id;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int c : keep) {
          m.put(cols.get(c), row.fields().get(c));
        }
        if (out.put(key, m) != null) {
          throw new IllegalArgumentException(file + ":" + row.line() + ": duplicate key '" + key.replace('\u0000', ':') + "'");
        }
      }
    } catch (CsvReader.CsvException e) {
      throw new IllegalArgumentException(file + ":" + e.line() + ": " + e.problem(), e);
    }
    return out;
  }

  private static int column(Path file, List<String> cols, String name, String option) {
    int i = cols.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(file + ":1: no column '" + name + "' (" + option + "); columns: " + cols);
    }
    return i;
  }
}
