package dev.prism.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.learn.artifact.ArtifactFormat;
import dev.prism.learn.artifact.HeadArtifact;
import dev.prism.learn.artifact.TrainingProvenance;
import dev.prism.store.db.MetadataDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Model versions, aliases and their history in the metadata database, artifacts in an
 * {@link ArtifactStore}. Every change (a registration, an alias move or rollback) writes its row,
 * its history row and its {@link RegistryEvent} in one transaction; after the commit the events
 * go to the {@code events} consumer (webhooks), so a receiver never hears of a change that was
 * rolled back.
 */
public final class ModelRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_TEXT = 2_000;
  /** The eval report format this registry reads metrics from ({@code prism eval}'s report.json). */
  static final int REPORT_FORMAT_VERSION = 2;

  private final MetadataDb db;
  private final ArtifactStore artifacts;
  private final Clock clock;
  private final Consumer<RegistryEvent> events;

  /**
   * @param events receives each event after its change committed (e.g. {@link WebhookDispatcher#deliver});
   *     it must not throw: the change is already done
   */
  public ModelRegistry(MetadataDb db, ArtifactStore artifacts, Clock clock, Consumer<RegistryEvent> events) {
    this.db = Objects.requireNonNull(db, "db");
    this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
  }

  public ArtifactStore artifacts() {
    return artifacts;
  }

  /** The result of {@link #register}: the version, and whether this call created it. */
  public record Registration(ModelVersion version, boolean created) {}

  /**
   * Registers a head artifact written by {@code prism train}, with its eval report when given.
   * The same artifact bytes registered again return the existing version ({@code created=false})
   * and change nothing.
   *
   * @param report {@code prism eval}'s report.json for this artifact, or null
   * @throws IllegalArgumentException when the file is not a valid head artifact, the report is not
   *     a report of this artifact, or the artifact is registered with a different report
   */
  public Registration register(Path artifactFile, Path report, String actor, String note) {
    byte[] bytes = readFile(artifactFile, "artifact");
    byte[] reportBytes = report == null ? null : readFile(report, "eval report");
    return register(bytes, artifactFile.toString(), reportBytes, report == null ? null : report.toString(), actor, note);
  }

  /**
   * {@link #register(Path, Path, String, String)} for bytes that came from elsewhere (an HTTP body).
   *
   * @param source names the artifact in messages (a file name, "request body")
   * @param report the eval report's bytes, or null
   */
  public Registration register(byte[] bytes, String source, byte[] report, String reportSource, String actor, String note) {
    requireText(actor, "actor");
    HeadArtifact head = parseHead(source, bytes);
    String sha = Sha256.of(bytes);
    Optional<ParsedReport> parsedReport = report == null ? Optional.empty() : Optional.of(parseReport(reportSource, report, sha));
    String signal = head.output().spec().name();
    ModelRef.requireSignal(signal);

    Optional<ModelVersion> existing = findBySha(sha);
    if (existing.isPresent()) {
      ModelVersion v = existing.get();
      if (parsedReport.isPresent() && !v.reportSha256().equals(Optional.of(parsedReport.get().sha256()))) {
        throw new IllegalArgumentException("artifact " + sha + " is already registered as " + v.ref() + " "
            + v.reportSha256().map(r -> "with report " + r).orElse("without a report")
            + "; a registered version is immutable, so a different report cannot be attached");
      }
      return new Registration(v, false);
    }
    artifacts.put(bytes); // before the row: a row never names an artifact the store lacks
    parsedReport.ifPresent(r -> artifacts.put(r.bytes()));

    TrainingProvenance p = head.provenance();
    Map<String, Map<String, Double>> metrics = new TreeMap<>(p.metrics());
    parsedReport.ifPresent(r -> metrics.put("eval:" + r.split(), r.metrics()));
    Instant now = Instant.ofEpochMilli(clock.millis());
    List<RegistryEvent> published = new ArrayList<>();
    ModelVersion created = db.inTransaction(c -> {
      int version = nextVersion(c, signal);
      ModelVersion v = new ModelVersion(signal, version, head.output().spec().toString(), sha, bytes.length, head.name(),
          head.version(), p.trainingDataSha256(), p.labelSource(), p.codeVersion(), p.trainedAt(), p.config(), metrics,
          parsedReport.map(ParsedReport::sha256), clip(note), actor, now);
      insertVersion(c, v);
      ObjectNode payload = JSON.createObjectNode();
      payload.put("version", version);
      payload.put("ref", v.ref());
      payload.put("spec", v.spec());
      payload.put("artifact_sha256", sha);
      payload.put("training_data_sha256", v.trainingDataSha256());
      v.reportSha256().ifPresent(r -> payload.put("report_sha256", r));
      published.add(insertEvent(c, RegistryEvent.MODEL_REGISTERED, signal, actor, now, payload));
      return v;
    });
    published.forEach(events);
    return new Registration(created, true);
  }

  /**
   * Points {@code alias} of {@code signal} at {@code version} and records who, when and why.
   *
   * @return the history row, or empty when the alias already pointed there (nothing recorded)
   */
  public Optional<AliasMove> setAlias(String signal, String alias, int version, String actor, String reason) {
    ModelRef.requireSignal(signal);
    ModelRef.requireAlias(alias);
    requireText(actor, "actor");
    requireText(reason, "reason (why the alias moves)");
    Instant now = Instant.ofEpochMilli(clock.millis());
    List<RegistryEvent> published = new ArrayList<>();
    Optional<AliasMove> move = db.inTransaction(c -> {
      if (findVersion(c, signal, version).isEmpty()) {
        throw new UnknownModelException("no version " + signal + "@v" + version + " (see prism models list " + signal + ")");
      }
      Optional<AliasTarget> current = alias(c, signal, alias);
      if (current.isPresent() && current.get().version() == version) {
        return Optional.<AliasMove>empty();
      }
      AliasMove m = moveAlias(c, signal, alias, current.map(AliasTarget::version), version, AliasMove.MOVE, actor, clip(reason), now);
      published.add(aliasEvent(c, m));
      return Optional.of(m);
    });
    published.forEach(events);
    return move;
  }

  /**
   * Moves {@code alias} back to the target it had before its current one. The history is read as
   * a stack: a move pushes its target, a rollback pops one; so rolling back twice goes two targets
   * back, not back and forth between the last two.
   *
   * @throws IllegalArgumentException when the alias does not exist or has no earlier target
   */
  public AliasMove rollback(String signal, String alias, String actor, String reason) {
    ModelRef.requireSignal(signal);
    ModelRef.requireAlias(alias);
    requireText(actor, "actor");
    requireText(reason, "reason (why the alias rolls back)");
    Instant now = Instant.ofEpochMilli(clock.millis());
    List<RegistryEvent> published = new ArrayList<>();
    AliasMove move = db.inTransaction(c -> {
      AliasTarget current = alias(c, signal, alias).orElseThrow(() -> new UnknownModelException(
          "no alias '" + alias + "' on signal " + signal + " (see prism models show " + signal + ")"));
      Deque<Integer> stack = new ArrayDeque<>();
      for (AliasMove m : history(c, signal, alias)) {
        if (m.kind().equals(AliasMove.ROLLBACK)) {
          stack.pop();
        } else {
          stack.push(m.toVersion());
        }
      }
      if (stack.isEmpty() || stack.peek() != current.version()) {
        throw new IllegalStateException("history of " + signal + "@" + alias + " does not end at its current target v"
            + current.version() + "; the registry tables were changed outside Prism");
      }
      stack.pop();
      if (stack.isEmpty()) {
        throw new IllegalArgumentException(signal + "@" + alias + " has no earlier target to roll back to (v" + current.version()
            + " is the oldest target left on its history; see prism models show " + signal + "@" + alias + ")");
      }
      AliasMove m = moveAlias(c, signal, alias, Optional.of(current.version()), stack.peek(), AliasMove.ROLLBACK, actor,
          clip(reason), now);
      published.add(aliasEvent(c, m));
      return m;
    });
    published.forEach(events);
    return move;
  }

  /**
   * Records an event raised by a component built on the registry (the rollout machinery's
   * {@code rollout.started}, {@code rollout.halted} …) in the same event table and through the same
   * webhook path as the registry's own, so the history and the receivers see every change.
   *
   * @param type dotted lower-case name, e.g. {@code rollout.halted}
   * @param data the event's {@code data} object (JSON-serialisable values)
   */
  public RegistryEvent publish(String type, String signal, String actor, Map<String, ?> data) {
    if (type == null || !type.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+")) {
      throw new IllegalArgumentException("event type must be dotted lower-case words (e.g. rollout.halted), got: " + type);
    }
    ModelRef.requireSignal(signal);
    requireText(actor, "actor");
    ObjectNode payload = JSON.valueToTree(Objects.requireNonNull(data, "data"));
    Instant now = Instant.ofEpochMilli(clock.millis());
    RegistryEvent e = db.inTransaction(c -> insertEvent(c, type, signal, actor, now, payload));
    events.accept(e);
    return e;
  }

  /** Every version of {@code signal} (or of every signal when null), oldest first. */
  public List<ModelVersion> list(String signal) {
    if (signal != null) {
      ModelRef.requireSignal(signal);
    }
    return db.withConnection(c -> {
      String sql = "SELECT * FROM model_version" + (signal == null ? "" : " WHERE signal = ?") + " ORDER BY signal, version";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        if (signal != null) {
          ps.setString(1, signal);
        }
        return readVersions(ps);
      }
    });
  }

  public Optional<ModelVersion> version(String signal, int version) {
    return db.withConnection(c -> findVersion(c, signal, version));
  }

  /** The version a reference names now. */
  public ModelVersion resolve(ModelRef ref) {
    return db.withConnection(c -> {
      int v;
      if (ref.version().isPresent()) {
        v = ref.version().get();
      } else {
        v = alias(c, ref.signal(), ref.alias().orElseThrow()).orElseThrow(() -> new UnknownModelException(
            "no alias '" + ref.alias().get() + "' on signal " + ref.signal() + " (see prism models show " + ref.signal() + ")"))
            .version();
      }
      return findVersion(c, ref.signal(), v).orElseThrow(() -> new UnknownModelException(
          "no version " + ref.signal() + "@v" + v + " (see prism models list " + ref.signal() + ")"));
    });
  }

  /** The artifact bytes of a version, checked against its hash. */
  public byte[] artifactBytes(ModelVersion v) {
    return artifacts.read(v.artifactSha256()).orElseThrow(() -> new IllegalStateException(
        v.ref() + "'s artifact " + v.artifactSha256() + " is missing from the artifact store " + artifacts.location(v.artifactSha256())));
  }

  /** Every alias of {@code signal}, by name. */
  public List<AliasTarget> aliases(String signal) {
    ModelRef.requireSignal(signal);
    return db.withConnection(c -> {
      List<AliasTarget> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT signal, alias, version, updated_at, updated_by FROM model_alias WHERE signal = ? ORDER BY alias")) {
        ps.setString(1, signal);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new AliasTarget(rs.getString(1), rs.getString(2), rs.getInt(3), Instant.ofEpochMilli(rs.getLong(4)),
                rs.getString(5)));
          }
        }
      }
      return out;
    });
  }

  /** The alias history of {@code signal} (one alias when {@code alias} is not null), oldest first. */
  public List<AliasMove> history(String signal, String alias) {
    ModelRef.requireSignal(signal);
    return db.withConnection(c -> history(c, signal, alias));
  }

  /** Events after {@code afterSeq}, oldest first, at most {@code limit}. */
  public List<RegistryEvent> events(long afterSeq, int limit) {
    return db.withConnection(c -> {
      List<RegistryEvent> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT seq, id, type, signal, actor, at, payload_json FROM registry_event WHERE seq > ? ORDER BY seq LIMIT ?")) {
        ps.setLong(1, afterSeq);
        ps.setInt(2, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new RegistryEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7)));
          }
        }
      }
      return out;
    });
  }

  /** What changed from {@code a} to {@code b}. */
  public static VersionDiff diff(ModelVersion a, ModelVersion b) {
    List<VersionDiff.Change> fields = new ArrayList<>();
    Map<String, String[]> pairs = new LinkedHashMap<>();
    pairs.put("spec", new String[] {a.spec(), b.spec()});
    pairs.put("artifact_sha256", new String[] {a.artifactSha256(), b.artifactSha256()});
    pairs.put("head_version", new String[] {a.headVersion(), b.headVersion()});
    pairs.put("training_data_sha256", new String[] {a.trainingDataSha256(), b.trainingDataSha256()});
    pairs.put("label_source", new String[] {a.labelSource(), b.labelSource()});
    pairs.put("code_version", new String[] {a.codeVersion(), b.codeVersion()});
    pairs.put("trained_at", new String[] {a.trainedAt(), b.trainedAt()});
    pairs.put("report_sha256", new String[] {a.reportSha256().orElse(null), b.reportSha256().orElse(null)});
    pairs.forEach((k, v) -> {
      if (!Objects.equals(v[0], v[1])) {
        fields.add(new VersionDiff.Change(k, Optional.ofNullable(v[0]), Optional.ofNullable(v[1])));
      }
    });
    List<VersionDiff.Change> config = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(a.config().keySet());
    keys.addAll(b.config().keySet());
    for (String k : keys) {
      String x = a.config().get(k);
      String y = b.config().get(k);
      if (!Objects.equals(x, y)) {
        config.add(new VersionDiff.Change(k, Optional.ofNullable(x), Optional.ofNullable(y)));
      }
    }
    List<VersionDiff.MetricDelta> metrics = new ArrayList<>();
    TreeSet<String> splits = new TreeSet<>(a.metrics().keySet());
    splits.addAll(b.metrics().keySet());
    for (String s : splits) {
      Map<String, Double> x = a.metrics().getOrDefault(s, Map.of());
      Map<String, Double> y = b.metrics().getOrDefault(s, Map.of());
      TreeSet<String> names = new TreeSet<>(x.keySet());
      names.addAll(y.keySet());
      for (String n : names) {
        metrics.add(new VersionDiff.MetricDelta(s, n, Optional.ofNullable(x.get(n)), Optional.ofNullable(y.get(n))));
      }
    }
    return new VersionDiff(a, b, fields, config, metrics);
  }

  // ---- parsing ------------------------------------------------------------------------------

  private static byte[] readFile(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(what + " " + file + " is not a file");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " " + file, e);
    }
  }

  /** Validates with prism-learn's own reader, so the registry accepts exactly what serving can load. */
  private static HeadArtifact parseHead(String file, byte[] bytes) {
    Path tmp = null;
    try {
      // read the bytes we hash, not the file again (it may change between the two reads)
      tmp = Files.createTempFile("prism-register-", ".json");
      Files.write(tmp, bytes);
      return ArtifactFormat.read(tmp).artifact();
    } catch (IllegalArgumentException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage().replace("artifact " + tmp + ": ", "");
      throw new IllegalArgumentException("cannot register " + file + ": not a valid Prism head artifact ("
          + ArtifactFormat.FORMAT + " v" + ArtifactFormat.FORMAT_VERSION + " as written by prism train): " + why, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot validate " + file, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  record ParsedReport(byte[] bytes, String sha256, String split, Map<String, Double> metrics) {}

  /** Reads {@code prism eval}'s report.json and checks that it evaluated this very artifact. */
  static ParsedReport parseReport(String report, byte[] bytes, String artifactSha) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("eval report " + report + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("eval report " + report + " must be a JSON object (prism eval's report.json)");
    }
    if (root.path("format_version").asInt(-1) != REPORT_FORMAT_VERSION) {
      throw new IllegalArgumentException("eval report " + report + " has format_version " + root.get("format_version")
          + "; this registry reads prism eval's report.json version " + REPORT_FORMAT_VERSION);
    }
    String evaluated = root.path("context").path("artifact_sha256").asText("");
    if (!evaluated.equals(artifactSha)) {
      throw new IllegalArgumentException("eval report " + report + " evaluated artifact "
          + (evaluated.isEmpty() ? "(none named)" : evaluated) + ", not the one being registered (" + artifactSha + ")");
    }
    JsonNode ms = root.path("metrics");
    if (!ms.isObject() || ms.isEmpty()) {
      throw new IllegalArgumentException("eval report " + report + " has no 'metrics' object");
    }
    Map<String, Double> metrics = new TreeMap<>();
    ms.properties().forEach(e -> {
      JsonNode v = e.getValue().path("value");
      if (v.isNumber()) {
        metrics.put(e.getKey(), v.doubleValue()); // null values (undefined metrics) are left out
      }
    });
    String split = root.path("context").path("split").asText("");
    return new ParsedReport(bytes, Sha256.of(bytes), split.isEmpty() ? "report" : split, metrics);
  }

  // ---- SQL ----------------------------------------------------------------------------------

  private static int nextVersion(Connection c, String signal) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM model_version WHERE signal = ?")) {
      ps.setString(1, signal);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static long nextSeq(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM " + table);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void insertVersion(Connection c, ModelVersion v) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_version (signal, version, spec, artifact_sha256, "
        + "artifact_bytes, head_name, head_version, training_data_sha256, label_source, code_version, trained_at, config_json, "
        + "metrics_json, report_sha256, note, registered_by, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, v.signal());
      ps.setInt(2, v.version());
      ps.setString(3, v.spec());
      ps.setString(4, v.artifactSha256());
      ps.setLong(5, v.artifactBytes());
      ps.setString(6, v.headName());
      ps.setString(7, v.headVersion());
      ps.setString(8, v.trainingDataSha256());
      ps.setString(9, v.labelSource());
      ps.setString(10, v.codeVersion());
      ps.setString(11, v.trainedAt());
      ps.setString(12, json(v.config()));
      ps.setString(13, json(v.metrics()));
      if (v.reportSha256().isPresent()) {
        ps.setString(14, v.reportSha256().get());
      } else {
        ps.setNull(14, Types.VARCHAR);
      }
      ps.setString(15, v.note());
      ps.setString(16, v.registeredBy());
      ps.setLong(17, v.registeredAt().toEpochMilli());
      ps.executeUpdate();
    }
  }

  private Optional<ModelVersion> findBySha(String sha) {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM model_version WHERE artifact_sha256 = ?")) {
        ps.setString(1, sha);
        return readVersions(ps).stream().findFirst();
      }
    });
  }

  private static Optional<ModelVersion> findVersion(Connection c, String signal, int version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM model_version WHERE signal = ? AND version = ?")) {
      ps.setString(1, signal);
      ps.setInt(2, version);
      return readVersions(ps).stream().findFirst();
    }
  }

  private static List<ModelVersion> readVersions(PreparedStatement ps) throws SQLException {
    List<ModelVersion> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new ModelVersion(rs.getString("signal"), rs.getInt("version"), rs.getString("spec"),
            rs.getString("artifact_sha256"), rs.getLong("artifact_bytes"), rs.getString("head_name"),
            rs.getString("head_version"), rs.getString("training_data_sha256"), rs.getString("label_source"),
            rs.getString("code_version"), rs.getString("trained_at"),
            parse(rs.getString("config_json"), new TypeReference<Map<String, String>>() {}),
            parse(rs.getString("metrics_json"), new TypeReference<Map<String, Map<String, Double>>>() {}),
            Optional.ofNullable(rs.getString("report_sha256")), rs.getString("note"), rs.getString("registered_by"),
            Instant.ofEpochMilli(rs.getLong("registered_at"))));
      }
    }
    return out;
  }

  private static Optional<AliasTarget> alias(Connection c, String signal, String alias) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT version, updated_at, updated_by FROM model_alias WHERE signal = ? AND alias = ?")) {
      ps.setString(1, signal);
      ps.setString(2, alias);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new AliasTarget(signal, alias, rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)))
            : Optional.empty();
      }
    }
  }

  private static List<AliasMove> history(Connection c, String signal, String alias) throws SQLException {
    List<AliasMove> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT seq, signal, alias, from_version, to_version, kind, actor, reason, at "
        + "FROM model_alias_history WHERE signal = ?" + (alias == null ? "" : " AND alias = ?") + " ORDER BY seq")) {
      ps.setString(1, signal);
      if (alias != null) {
        ps.setString(2, alias);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int from = rs.getInt(4);
          Optional<Integer> fromVersion = rs.wasNull() ? Optional.empty() : Optional.of(from);
          out.add(new AliasMove(rs.getLong(1), rs.getString(2), rs.getString(3), fromVersion, rs.getInt(5), rs.getString(6),
              rs.getString(7), rs.getString(8), Instant.ofEpochMilli(rs.getLong(9))));
        }
      }
    }
    return out;
  }

  private static AliasMove moveAlias(Connection c, String signal, String alias, Optional<Integer> from, int to, String kind,
      String actor, String reason, Instant now) throws SQLException {
    long seq = nextSeq(c, "model_alias_history");
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_alias_history (seq, signal, alias, from_version, "
        + "to_version, kind, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, seq);
      ps.setString(2, signal);
      ps.setString(3, alias);
      if (from.isPresent()) {
        ps.setInt(4, from.get());
      } else {
        ps.setNull(4, Types.INTEGER);
      }
      ps.setInt(5, to);
      ps.setString(6, kind);
      ps.setString(7, actor);
      ps.setString(8, reason);
      ps.setLong(9, now.toEpochMilli());
      ps.executeUpdate();
    }
    String sql = from.isPresent()
        ? "UPDATE model_alias SET version = ?, updated_at = ?, updated_by = ? WHERE signal = ? AND alias = ?"
        : "INSERT INTO model_alias (version, updated_at, updated_by, signal, alias) VALUES (?, ?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, to);
      ps.setLong(2, now.toEpochMilli());
      ps.setString(3, actor);
      ps.setString(4, signal);
      ps.setString(5, alias);
      ps.executeUpdate();
    }
    return new AliasMove(seq, signal, alias, from, to, kind, actor, reason, now);
  }

  private static RegistryEvent aliasEvent(Connection c, AliasMove m) throws SQLException {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("alias", m.alias());
    if (m.fromVersion().isPresent()) {
      payload.put("from_version", m.fromVersion().get());
    } else {
      payload.putNull("from_version");
    }
    payload.put("to_version", m.toVersion());
    payload.put("kind", m.kind());
    payload.put("reason", m.reason());
    return insertEvent(c, RegistryEvent.ALIAS_MOVED, m.signal(), m.actor(), m.at(), payload);
  }

  private static RegistryEvent insertEvent(Connection c, String type, String signal, String actor, Instant at, ObjectNode data)
      throws SQLException {
    long seq = nextSeq(c, "registry_event");
    String id = UUID.randomUUID().toString();
    ObjectNode body = JSON.createObjectNode();
    body.put("id", id);
    body.put("type", type);
    body.put("seq", seq);
    body.put("signal", signal);
    body.put("actor", actor);
    body.put("at", at.toString());
    body.set("data", data);
    String payload = body.toString();
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO registry_event (seq, id, type, signal, actor, at, payload_json) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, seq);
      ps.setString(2, id);
      ps.setString(3, type);
      ps.setString(4, signal);
      ps.setString(5, actor);
      ps.setLong(6, at.toEpochMilli());
      ps.setString(7, payload);
      ps.executeUpdate();
    }
    return new RegistryEvent(seq, id, type, signal, actor, at, payload);
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + o, e);
    }
  }

  private static <T> T parse(String s, TypeReference<T> type) {
    try {
      return JSON.readValue(s, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt JSON in the registry tables: " + e.getOriginalMessage(), e);
    }
  }

  private static void requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }

  private static String clip(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip();
    return t.length() <= MAX_TEXT ? t : t.substring(0, MAX_TEXT);
  }
}
