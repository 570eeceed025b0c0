package dev.prism.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.cli.io.Progress;
import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import dev.prism.core.signal.SignalRecord;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.index.IndexSpec;
import dev.prism.index.NearDuplicateClusters;
import dev.prism.index.NearDuplicateIndex;
import dev.prism.index.Thresholds;
import dev.prism.runtime.batch.BatchRunner;
import dev.prism.runtime.graph.GraphAssembly;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.runtime.item.ItemReader;
import dev.prism.runtime.media.MediaConfig;
import dev.prism.runtime.media.MediaResolver;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dedup", aliases = "near-duplicates", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Find near-duplicate items: compute one signal per item, add it to a persisted HNSW index "
            + "and write the groups of near-duplicates as JSONL.",
        "",
        "INPUT is a JSONL or CSV file of items (the fields of prism score), or a folder of images: every "
            + "image file under it becomes an item whose id is its path relative to the folder, read with the "
            + "folder as media root.",
        "",
        "Two items are joined when their distance is at most --max-distance (cosine distance 1 - cos for "
            + "embeddings, Hamming bits for 64-bit hashes); a group is a connected component of those edges, "
            + "so a chain of near pairs is one group. Items already in the index from earlier runs join the "
            + "groups too: --index DIR is created on first use and updated (by id) on later runs.",
        "",
        "Output: one JSON object per group, largest first: {\"group\": \"g1\", \"size\": 3, \"members\": [ids], "
            + "\"edges\": [{\"a\": id, \"b\": id, \"distance\": d}]}. Items in no group are not written.",
        "",
        "Default thresholds: text_embedding 0.15 (cosine >= 0.85), image_embedding 0.08, image_phash 10 bits, "
            + "image_dhash 8 bits (NEARDUP.md says where each comes from); other signals need --max-distance.",
        "",
        "Example:",
        "  prism dedup --input datasets/youtube_spam_collection/Youtube01-Psy.csv \\",
        "      --id-column COMMENT_ID --text-column CONTENT --index out/psy-index \\",
        "      --output out/psy-groups.jsonl"})
final class NearDuplicatesCommand implements Callable<Integer> {
  /** Signal for files of items when --signal is not given. */
  static final String DEFAULT_TEXT_SIGNAL = "text_embedding@1";
  /** Signal for a folder of images when --signal is not given. */
  static final String DEFAULT_IMAGE_SIGNAL = "image_phash@1";
  /** File extensions read as images from a folder (lower case). */
  static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "webp", "bmp");

  @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE|DIR",
      description = "JSONL/CSV file of items, or a folder of images.")
  Path input;

  @Option(names = "--index", required = true, paramLabel = "DIR",
      description = "Index directory: created when absent, else opened and updated.")
  Path indexDir;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Groups, as JSONL.")
  Path output;

  @Option(names = "--signal", paramLabel = "NAME[@MAJOR]",
      description = "Signal to compare: an embedding or a 64-bit hash (default: " + DEFAULT_TEXT_SIGNAL
          + " for files, " + DEFAULT_IMAGE_SIGNAL + " for folders).")
  String signal;

  @Option(names = "--max-distance", paramLabel = "D",
      description = "Largest distance that joins two items (default: the signal's, see above).")
  Double maxDistance;

  @Option(names = "--max-neighbors", defaultValue = "" + NearDuplicateClusters.DEFAULT_MAX_NEIGHBORS,
      description = "Neighbours looked up per item (default: ${DEFAULT-VALUE}).")
  int maxNeighbors;

  @Option(names = "--input-format", paramLabel = "jsonl|csv", description = "Default: from the input file's extension.")
  String inputFormat;

  @Option(names = "--id-column", defaultValue = "id", description = "Field/column holding the item id (default: ${DEFAULT-VALUE}).")
  String idColumn;

  @Option(names = "--text-column", defaultValue = "text", description = "Field/column holding the text (default: ${DEFAULT-VALUE}).")
  String textColumn;

  @Option(names = "--image-column", defaultValue = "image", description = "Field/column holding the image, if any (default: ${DEFAULT-VALUE}).")
  String imageColumn;

  @Option(names = "--image-kind", defaultValue = "path", paramLabel = "path|url|base64",
      description = "What a CSV image column holds (default: ${DEFAULT-VALUE}).")
  String imageKind;

  @Option(names = "--batch-size", defaultValue = "" + BatchRunner.DEFAULT_BATCH_SIZE,
      description = "Items per graph run and index write (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--progress", negatable = true, description = "Force the progress bar on or off (default: on when stderr is a terminal).")
  Boolean progress;

  @Mixin ConfigOptions config;

  private long bad;

  @Override
  public Integer call() throws Exception {
    boolean folder = Files.isDirectory(input);
    if (!folder && !Files.isRegularFile(input)) {
      throw new IllegalArgumentException("input not found: " + input);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
    }
    if (maxNeighbors < 1) {
      throw new IllegalArgumentException("--max-neighbors must be at least 1, got " + maxNeighbors);
    }
    if (Files.isDirectory(output)) {
      throw new IllegalArgumentException("output " + output + " is a directory; name a file");
    }
    if (!folder) {
      dev.prism.runtime.batch.ScoreJob.refuseOutputThatIsInput(input, output);
    }
    if (Files.exists(indexDir) && (!Files.isDirectory(indexDir) || Files.isSameFile(indexDir, input))) {
      throw new IllegalArgumentException("--index " + indexDir + " must be a directory of its own (an existing index or "
          + "a new path), not " + (Files.isDirectory(indexDir) ? "the input folder" : "a file"));
    }
    String sig = signal != null ? signal : folder ? DEFAULT_IMAGE_SIGNAL : DEFAULT_TEXT_SIGNAL;
    double threshold = maxDistance != null ? maxDistance : Thresholds.defaultFor(sig).orElseThrow(() ->
        new IllegalArgumentException("signal " + sig + " has no default threshold: give --max-distance"));
    if (!(threshold >= 0)) {
      throw new IllegalArgumentException("--max-distance must be >= 0, got " + threshold);
    }
    String format = folder ? null : inputFormat != null ? inputFormat : formatOf(input);
    Config cfg = config.load();
    MediaConfig mc = MediaConfig.from(cfg);
    if (folder) {
      List<Path> roots = new ArrayList<>(mc.roots());
      roots.add(input.toAbsolutePath().normalize());
      mc = new MediaConfig(roots, mc.maxBytes(), mc.urlEnabled(), mc.allowedHosts(), mc.timeoutMillis(),
          mc.allowPrivateAddresses(), mc.maxRedirects(), mc.threads());
    }
    PrintStream err = System.err;
    boolean tty = progress != null ? progress : Prism.isTerminal();
    Map<String, SignalValue> values = new LinkedHashMap<>();
    long failed = 0;
    NearDuplicateIndex index = null;
    try (SignalGraph graph = GraphAssembly.build(cfg, GraphListener.NONE);
        MediaResolver media = new MediaResolver(mc, dev.prism.runtime.media.ImageDecoders.load(cfg))) {
      SignalSpec spec = graph.resolve(sig);
      List<Path> images = folder ? images(input) : List.of();
      long total = folder ? images.size() : Files.size(input);
      Progress bar = new Progress(err, tty, total);
      err.printf(Locale.ROOT, "prism dedup: computing %s for %s%n", spec, input);
      try (Source source = folder ? new FolderSource(input, images) : new FileSource(input, format, mapping(), mc.maxBytes())) {
        List<ContentItem> batch = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        for (ItemReader.Record r = source.next(); r != null; r = source.next()) {
          switch (r) {
            case ItemReader.Record.Bad b -> {
              bad++;
              err.println(input + ":" + b.line() + ": " + b.reason() + " (row skipped)");
            }
            case ItemReader.Record.Good g -> {
              batch.add(g.item());
              lines.add(g.line());
            }
          }
          if (batch.size() >= batchSize) {
            failed += run(graph, media, spec, batch, lines, values, err);
            index = addToIndex(index, spec, batch, values);
            batch.clear();
            lines.clear();
          }
          bar.update(source.progress(), values.size(), failed + bad);
        }
        if (!batch.isEmpty()) {
          failed += run(graph, media, spec, batch, lines, values, err);
          index = addToIndex(index, spec, batch, values);
        }
        bar.finish(values.size(), failed + bad);
      }
      if (index == null) {
        err.println("prism dedup: no item had a " + spec + " value; nothing indexed");
        Files.writeString(output, "", StandardCharsets.UTF_8);
        return Prism.EXIT_PARTIAL;
      }
      index.commit();
      err.printf(Locale.ROOT, "prism dedup: %,d items in index %s; grouping at max distance %s%n", index.size(), indexDir,
          threshold);
      List<NearDuplicateIndex.Entry> entries = new ArrayList<>(values.size());
      values.forEach((id, v) -> entries.add(new NearDuplicateIndex.Entry(id, v)));
      Progress groupBar = new Progress(err, tty, entries.size());
      List<NearDuplicateClusters.Group> groups = NearDuplicateClusters.cluster(index, entries, threshold, maxNeighbors,
          done -> groupBar.update(done, done, 0));
      groupBar.finish(entries.size(), 0);
      long grouped = write(groups);
      err.printf(Locale.ROOT, "prism dedup: %,d items read, %,d malformed rows, %,d items without %s; %,d groups "
          + "holding %,d items -> %s%n", values.size() + failed + bad, bad, failed, spec, groups.size(), grouped, output);
      return bad + failed == 0 ? Prism.EXIT_OK : Prism.EXIT_PARTIAL;
    } finally {
      if (index != null) {
        index.close();
      }
    }
  }

  private ItemMapping mapping() {
    return new ItemMapping(idColumn, textColumn, "title", "link", imageColumn, imageKind, List.of());
  }

  /** Runs the graph for one signal; keeps each item's value, reports each item that got none. */
  private static long run(SignalGraph graph, MediaResolver media, SignalSpec spec, List<ContentItem> batch, List<Long> lines,
      Map<String, SignalValue> values, PrintStream err) {
    List<ContentItem> items = media.resolve(batch, graph.readsImages(Set.of(spec)));
    List<ItemResult> results = graph.run(items, Set.of(spec));
    long failed = 0;
    for (int i = 0; i < results.size(); i++) {
      ItemResult r = results.get(i);
      SignalRecord rec = r.values().get(spec);
      if (rec == null) {
        failed++;
        String why = r.errors().getOrDefault(spec, "no value");
        if (items.get(i).image() instanceof MediaRef.Unavailable u) {
          why = "image " + u.describe();
        }
        err.println(lines.get(i) < 0 ? "item '" + r.itemId() + "': " + why
            : "line " + lines.get(i) + ": item '" + r.itemId() + "': " + why);
      } else {
        values.remove(r.itemId()); // a repeated id: the last one counts, as in the index
        values.put(r.itemId(), rec.value());
      }
    }
    return failed;
  }

  /** Opens (or creates) the index on the first value, whose type and length fix its kind and dimension. */
  private NearDuplicateIndex addToIndex(NearDuplicateIndex index, SignalSpec spec, List<ContentItem> batch,
      Map<String, SignalValue> values) throws IOException {
    List<NearDuplicateIndex.Entry> entries = new ArrayList<>();
    for (ContentItem item : batch) {
      SignalValue v = values.get(item.id());
      if (v != null) {
        entries.add(new NearDuplicateIndex.Entry(item.id(), v));
      }
    }
    if (entries.isEmpty()) {
      return index;
    }
    NearDuplicateIndex idx = index;
    if (idx == null) {
      IndexSpec is = switch (entries.get(0).value()) {
        case SignalValue.Embedding e -> IndexSpec.embedding(spec.toString(), e.vector().length);
        case SignalValue.Hash h -> IndexSpec.hash64(spec.toString());
        default -> throw new IllegalArgumentException(spec + " values are " + entries.get(0).value().getClass().getSimpleName()
            + ", not embeddings or hashes: they cannot be indexed for near-duplicates");
      };
      idx = NearDuplicateIndex.openOrCreate(indexDir, is);
    }
    idx.addAll(entries);
    return idx;
  }

  private long write(List<NearDuplicateClusters.Group> groups) throws IOException {
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    long members = 0;
    try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      for (NearDuplicateClusters.Group g : groups) {
        ObjectNode o = SignalJson.MAPPER.createObjectNode();
        o.put("group", g.id());
        o.put("size", g.members().size());
        ArrayNode m = o.putArray("members");
        g.members().forEach(m::add);
        ArrayNode es = o.putArray("edges");
        for (NearDuplicateClusters.Edge e : g.edges()) {
          es.addObject().put("a", e.a()).put("b", e.b()).put("distance", e.distance());
        }
        w.write(SignalJson.MAPPER.writeValueAsString(o));
        w.newLine();
        members += g.members().size();
      }
    }
    return members;
  }

  static String formatOf(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return "csv";
    }
    if (name.endsWith(".jsonl") || name.endsWith(".json")) {
      return "jsonl";
    }
    throw new IllegalArgumentException("cannot tell the format of " + p + " from its extension; use --input-format");
  }

  static List<Path> images(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1));
      }).sorted().toList();
    }
  }

  /** Where items come from, with how far along (bytes or files) the reading is. */
  private interface Source extends AutoCloseable {
    ItemReader.Record next() throws IOException;

    long progress();

    @Override
    void close() throws IOException;
  }

  private static final class FileSource implements Source {
    private final dev.prism.runtime.batch.ScoreJob.CountingStream in;
    private final ItemReader reader;

    FileSource(Path file, String format, ItemMapping mapping, long maxMediaBytes) throws IOException {
      this.in = new dev.prism.runtime.batch.ScoreJob.CountingStream(Files.newInputStream(file));
      this.reader = ItemReader.open(in, format, mapping, file.toString(), maxMediaBytes);
    }

    @Override
    public ItemReader.Record next() throws IOException {
      return reader.next();
    }

    @Override
    public long progress() {
      return in.count();
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  private static final class FolderSource implements Source {
    private final Path dir;
    private final List<Path> files;
    private int next;

    FolderSource(Path dir, List<Path> files) {
      this.dir = dir;
      this.files = files;
    }

    @Override
    public ItemReader.Record next() {
      if (next >= files.size()) {
        return null;
      }
      String rel = dir.relativize(files.get(next++)).toString().replace('\\', '/');
      ContentItem item = new ContentItem(rel, "", "", "", new MediaRef.LocalPath(rel), Map.of());
      return new ItemReader.Record.Good(-1, item);
    }

    @Override
    public long progress() {
      return next;
    }

    @Override
    public void close() {}
  }
}
