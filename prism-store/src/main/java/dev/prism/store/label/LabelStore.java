package dev.prism.store.label;

import dev.prism.store.db.MetadataDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Labeling tasks and their labels in the metadata database.
 *
 * <p>A label is keyed by (task, item, source): several annotators, labeling functions and models
 * label the same item side by side, and a source that labels an item again replaces its earlier
 * label (so re-running an import is idempotent). Values outside the task's label set are rejected
 * with a message naming the value, the task and the set.
 */
public final class LabelStore {
  private static final String UPSERT = "INSERT INTO label (task_name, item_id, source_kind, source_name, value, confidence, created_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (task_name, item_id, source_kind, source_name)"
      + " DO UPDATE SET value = excluded.value, confidence = excluded.confidence, created_at = excluded.created_at";
  private static final String LABEL_COLUMNS = "task_name, item_id, source_kind, source_name, value, confidence, created_at";
  private static final String LABEL_ORDER = " ORDER BY item_id, source_kind, source_name";
  /** Rows fetched per round trip when streaming labels (PostgreSQL otherwise reads a whole result into memory). */
  private static final int FETCH_SIZE = 2_000;

  private final MetadataDb db;
  private final Clock clock;

  public LabelStore(MetadataDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public LabelStore(MetadataDb db) {
    this(db, Clock.systemUTC());
  }

  public MetadataDb db() {
    return db;
  }

  /**
   * Creates a task. Its creation time is now.
   *
   * @throws IllegalArgumentException when a task of that name exists, or the label set is invalid
   */
  public LabelTask createTask(String name, List<String> labelSet, String description) {
    LabelTask task = new LabelTask(name, labelSet, description, Instant.ofEpochMilli(clock.millis()));
    return db.inTransaction(c -> {
      if (findTask(c, name).isPresent()) {
        throw new IllegalArgumentException("labeling task '" + name + "' already exists");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO label_task (name, description, created_at) VALUES (?, ?, ?)")) {
        ps.setString(1, task.name());
        ps.setString(2, task.description());
        ps.setLong(3, task.createdAt().toEpochMilli());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO label_task_value (task_name, position, value) VALUES (?, ?, ?)")) {
        for (int i = 0; i < task.labelSet().size(); i++) {
          ps.setString(1, task.name());
          ps.setInt(2, i);
          ps.setString(3, task.labelSet().get(i));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return task;
    });
  }

  /**
   * The task {@code name}, created with {@code labelSet} if it does not exist. An existing task
   * with a different label set (values or order) is a precise error: class indices would shift.
   */
  public LabelTask ensureTask(String name, List<String> labelSet, String description) {
    Optional<LabelTask> existing = findTask(name);
    if (existing.isEmpty()) {
      return createTask(name, labelSet, description);
    }
    LabelTask task = existing.get();
    if (!task.labelSet().equals(labelSet)) {
      throw new IllegalArgumentException("labeling task '" + name + "' exists with label set " + task.labelSet()
          + ", not " + labelSet);
    }
    return task;
  }

  public Optional<LabelTask> findTask(String name) {
    return db.withConnection(c -> findTask(c, name));
  }

  /** The task {@code name}; an unknown name is an error listing the known tasks. */
  public LabelTask task(String name) {
    return findTask(name).orElseThrow(() -> new IllegalArgumentException("no labeling task '" + name
        + "' in " + db.url() + "; known tasks: " + tasks().stream().map(LabelTask::name).toList()));
  }

  /** All tasks, by name. */
  public List<LabelTask> tasks() {
    return db.withConnection(c -> {
      Map<String, List<String>> values = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT task_name, value FROM label_task_value ORDER BY task_name, position");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
      }
      List<LabelTask> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name, description, created_at FROM label_task ORDER BY name");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          out.add(new LabelTask(name, values.getOrDefault(name, List.of()), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
        }
      }
      return out;
    });
  }

  /** Label, item and source counts of every task, by task name. */
  public List<TaskStats> taskStats() {
    List<LabelTask> tasks = tasks();
    return db.withConnection(c -> {
      Map<String, long[]> counts = new LinkedHashMap<>();
      String sql = "SELECT task_name, COUNT(*), COUNT(DISTINCT item_id),"
          + " COUNT(DISTINCT CASE WHEN source_kind = 'HUMAN' THEN source_name END),"
          + " COUNT(DISTINCT CASE WHEN source_kind = 'LABELING_FUNCTION' THEN source_name END),"
          + " COUNT(DISTINCT CASE WHEN source_kind = 'MODEL' THEN source_name END)"
          + " FROM label GROUP BY task_name";
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)});
        }
      }
      List<TaskStats> out = new ArrayList<>();
      for (LabelTask t : tasks) {
        long[] n = counts.getOrDefault(t.name(), new long[5]);
        out.add(new TaskStats(t, n[0], n[1], n[2], n[3], n[4]));
      }
      return out;
    });
  }

  /** Adds or replaces one label. */
  public void addLabel(Label label) {
    addLabels(List.of(label));
  }

  /**
   * Adds or replaces labels in one transaction, as one JDBC batch. Every label is checked first
   * (task exists, value in its label set), so a bad label writes nothing. Two labels with the same
   * (task, item, source) in one call: the later one is kept.
   *
   * @return the number of labels given (each an insert or a replacement)
   */
  public int addLabels(Collection<Label> labels) {
    if (labels.isEmpty()) {
      return 0;
    }
    return db.inTransaction(c -> {
      Map<String, LabelTask> tasks = new HashMap<>();
      for (Label l : labels) {
        LabelTask t = tasks.get(l.task());
        if (t == null) {
          t = findTask(c, l.task()).orElseThrow(() -> new IllegalArgumentException(
              "no labeling task '" + l.task() + "' for the label of item '" + l.itemId() + "'"));
          tasks.put(t.name(), t);
        }
        if (t.indexOf(l.value()) < 0) {
          throw new IllegalArgumentException(t.unknownValueMessage(l.value()) + " for item '" + l.itemId()
              + "' from " + l.source());
        }
      }
      // Last label per key wins, as sequential upserts would; deduplicating here also keeps
      // PostgreSQL's rewritten multi-row INSERT valid (ON CONFLICT cannot touch a row twice).
      Map<List<String>, Label> unique = new LinkedHashMap<>();
      for (Label l : labels) {
        unique.put(List.of(l.task(), l.itemId(), l.source().kind().name(), l.source().name()), l);
      }
      try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
        for (Label l : unique.values()) {
          ps.setString(1, l.task());
          ps.setString(2, l.itemId());
          ps.setString(3, l.source().kind().name());
          ps.setString(4, l.source().name());
          ps.setString(5, l.value());
          if (l.confidence() == null) {
            ps.setNull(6, Types.DOUBLE);
          } else {
            ps.setDouble(6, l.confidence());
          }
          ps.setLong(7, l.createdAt().toEpochMilli());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return labels.size();
    });
  }

  /** Every label of a task, ordered by item, source kind and source name. */
  public List<Label> labels(String task) {
    List<Label> out = new ArrayList<>();
    forEachLabel(task, out::add);
    return out;
  }

  /** The labels of one item in a task, from all sources. */
  public List<Label> labelsForItem(String task, String itemId) {
    return query("SELECT " + LABEL_COLUMNS + " FROM label WHERE task_name = ? AND item_id = ?" + LABEL_ORDER, task, itemId);
  }

  /** The labels one source gave in a task. */
  public List<Label> labelsBySource(String task, LabelSource source) {
    return query("SELECT " + LABEL_COLUMNS + " FROM label WHERE task_name = ? AND source_kind = ? AND source_name = ?"
        + LABEL_ORDER, task, source.kind().name(), source.name());
  }

  /** The labels of one kind of source (e.g. all HUMAN labels, for agreement) in a task. */
  public List<Label> labelsByKind(String task, SourceKind kind) {
    return query("SELECT " + LABEL_COLUMNS + " FROM label WHERE task_name = ? AND source_kind = ?" + LABEL_ORDER, task, kind.name());
  }

  /** The distinct sources that labelled a task. */
  public List<LabelSource> sources(String task) {
    return db.withConnection(c -> {
      List<LabelSource> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT DISTINCT source_kind, source_name FROM label WHERE task_name = ? ORDER BY source_kind, source_name")) {
        ps.setString(1, task);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new LabelSource(SourceKind.valueOf(rs.getString(1)), rs.getString(2)));
          }
        }
      }
      return out;
    });
  }

  /** Number of labels of a task. */
  public long countLabels(String task) {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM label WHERE task_name = ?")) {
        ps.setString(1, task);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  /**
   * Streams a task's labels in {@link #labels} order without holding them all in memory (exports
   * of large tasks). Runs in a read transaction, which PostgreSQL needs for a cursor; the consumer
   * must not call back into the store (it would join, and commit, that transaction).
   */
  public void forEachLabel(String task, Consumer<Label> consumer) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + LABEL_COLUMNS + " FROM label WHERE task_name = ?" + LABEL_ORDER)) {
        ps.setFetchSize(FETCH_SIZE);
        ps.setString(1, task);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            consumer.accept(read(rs));
          }
        }
      }
      return null;
    });
  }

  private List<Label> query(String sql, String... params) {
    return db.withConnection(c -> {
      List<Label> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setString(i + 1, params[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(read(rs));
          }
        }
      }
      return out;
    });
  }

  private static Label read(ResultSet rs) throws SQLException {
    double confidence = rs.getDouble(6);
    Double conf = rs.wasNull() ? null : confidence;
    return new Label(rs.getString(1), rs.getString(2), rs.getString(5),
        new LabelSource(SourceKind.valueOf(rs.getString(3)), rs.getString(4)), conf, Instant.ofEpochMilli(rs.getLong(7)));
  }

  private static Optional<LabelTask> findTask(Connection c, String name) throws SQLException {
    String description;
    Instant created;
    try (PreparedStatement ps = c.prepareStatement("SELECT description, created_at FROM label_task WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        description = rs.getString(1);
        created = Instant.ofEpochMilli(rs.getLong(2));
      }
    }
    List<String> values = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT value FROM label_task_value WHERE task_name = ? ORDER BY position")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
    }
    return Optional.of(new LabelTask(name, values, description, created));
  }
}
