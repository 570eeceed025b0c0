package dev.prism.learn.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.CodeVersion;
import dev.prism.core.signal.PlatformInfo;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SourceDateEpoch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a snapshot was made from, written beside it as {@code SNAPSHOT.meta.json}: the SHA-256 of
 * the snapshot's bytes, its item count, when and by which code version it was made, the platform
 * (JVM, OS, CPU architecture and count) and every feature signal's provenance (model, artifact
 * SHA-256, configuration including the ONNX Runtime settings).
 *
 * <pre>{@code
 * {"format": "prism.snapshot.meta", "format_version": 1, "snapshot_sha256": "...", "items": 1956,
 *  "created_at": "2026-11-26T13:00:00Z", "code_version": "0.1.0-SNAPSHOT+ebb9b47",
 *  "platform": {"jvm": ..., "os": ..., "arch": ..., "cpus": 2},
 *  "signals": {"text_embedding@1": {"model_id": ..., "config": {...}, "platform": {...}}, ...}}
 * }</pre>
 *
 * The snapshot file itself stays one item per line (its readers reject unknown fields), so the
 * metadata is a sidecar; a snapshot without one (written by hand, or before Prism wrote it) is
 * still a valid snapshot. Two snapshots of the same data can differ in the last bits of their
 * embeddings on two platforms (docs/reproducibility.md): the platform here says which one.
 */
public record SnapshotMeta(
    String snapshotSha256, long items, String createdAt, String codeVersion, PlatformInfo platform, Map<String, Provenance> signals) {
  public static final String FORMAT = "prism.snapshot.meta";
  public static final int FORMAT_VERSION = 1;
  /** Appended to the snapshot's file name. */
  public static final String SUFFIX = ".meta.json";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public SnapshotMeta {
    if (snapshotSha256 == null || !snapshotSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("snapshot_sha256 must be 64 lower-case hex digits, got " + snapshotSha256);
    }
    if (items < 0) {
      throw new IllegalArgumentException("items must be >= 0, got " + items);
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(codeVersion, "codeVersion");
    Objects.requireNonNull(platform, "platform");
    signals = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(Map.copyOf(signals)));
  }

  /**
   * The metadata of a snapshot just written by this process: hashes and counts the file's lines
   * and records this process's code version and platform.
   */
  public static SnapshotMeta create(Path snapshot, Collection<SignalSpec> signals, Function<SignalSpec, Provenance> provenance)
      throws IOException {
    Map<String, Provenance> p = new LinkedHashMap<>();
    signals.forEach(s -> p.put(s.toString(), provenance.apply(s)));
    return new SnapshotMeta(sha256(snapshot), countItems(snapshot), SourceDateEpoch.timestamp(),
        CodeVersion.get(), PlatformInfo.current(), p);
  }

  /** The sidecar path of a snapshot: {@code SNAPSHOT.meta.json}. */
  public static Path pathFor(Path snapshot) {
    return snapshot.resolveSibling(snapshot.getFileName() + SUFFIX);
  }

  /** Writes the sidecar of {@code snapshot}; returns its path. */
  public Path write(Path snapshot) throws IOException {
    Path p = pathFor(snapshot);
    Files.write(p, MAPPER.writeValueAsBytes(toJson()));
    return p;
  }

  /** The sidecar of {@code snapshot}, when there is one; a malformed one is an error naming the file. */
  public static Optional<SnapshotMeta> read(Path snapshot) throws IOException {
    Path p = pathFor(snapshot);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try {
      return Optional.of(fromJson(MAPPER.readTree(p.toFile())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(p + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(p + ": " + e.getMessage(), e);
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("format", FORMAT).put("format_version", FORMAT_VERSION).put("snapshot_sha256", snapshotSha256).put("items", items)
        .put("created_at", createdAt).put("code_version", codeVersion);
    o.set("platform", SignalJson.platform(platform));
    ObjectNode s = o.putObject("signals");
    signals.forEach((k, v) -> s.set(k, SignalJson.provenance(v)));
    return o;
  }

  static SnapshotMeta fromJson(JsonNode o) {
    if (o == null || !FORMAT.equals(o.path("format").asText())) {
      throw new IllegalArgumentException("'format' must be \"" + FORMAT + "\"");
    }
    if (o.path("format_version").asInt(-1) != FORMAT_VERSION) {
      throw new IllegalArgumentException("unsupported format_version " + o.get("format_version") + " (this Prism reads " + FORMAT_VERSION + ")");
    }
    for (String f : new String[] {"snapshot_sha256", "created_at", "code_version"}) {
      if (!o.path(f).isTextual()) {
        throw new IllegalArgumentException("'" + f + "' must be a string");
      }
    }
    if (!o.path("items").isIntegralNumber()) {
      throw new IllegalArgumentException("'items' must be an integer");
    }
    JsonNode sig = o.get("signals");
    if (sig == null || !sig.isObject()) {
      throw new IllegalArgumentException("'signals' must be an object of signal -> provenance");
    }
    Map<String, Provenance> signals = new LinkedHashMap<>();
    sig.properties().forEach(e -> signals.put(e.getKey(), SignalJson.provenance(e.getValue(), "signals." + e.getKey())));
    return new SnapshotMeta(o.get("snapshot_sha256").asText(), o.get("items").asLong(), o.get("created_at").asText(),
        o.get("code_version").asText(), SignalJson.platform(o.get("platform"), "platform"), signals);
  }

  /** SHA-256 of a file's bytes. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static long countItems(Path snapshot) throws IOException {
    long n = 0;
    try (BufferedReader r = Files.newBufferedReader(snapshot, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          n++;
        }
      }
    }
    return n;
  }
}
