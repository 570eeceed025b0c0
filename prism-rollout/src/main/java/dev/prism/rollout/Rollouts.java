package dev.prism.rollout;

import dev.prism.registry.AliasTarget;
import dev.prism.registry.ModelRef;
import dev.prism.registry.ModelRegistry;
import dev.prism.registry.ModelVersion;
import dev.prism.registry.UnknownModelException;
import dev.prism.store.db.MetadataDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Rollouts in the metadata database: started, paused, resumed and aborted by operators ({@code prism
 * rollout}, {@code /v1/rollouts}); advanced, halted and completed by the server that runs them
 * ({@link RolloutController}). The database is the only shared state, so the command line and the
 * server can be different processes. Every transition is a conditional update (a pause cannot
 * overwrite a halt that happened a moment earlier) followed by its event through
 * {@link ModelRegistry#publish}, so the registry's history and webhooks see each one.
 */
public final class Rollouts {
  public static final String STARTED = "rollout.started";
  public static final String STEP = "rollout.step";
  public static final String PAUSED = "rollout.paused";
  public static final String RESUMED = "rollout.resumed";
  public static final String ABORTED = "rollout.aborted";
  public static final String HALTED = "rollout.halted";
  public static final String COMPLETED = "rollout.completed";
  /** A version an alias named was refused by the server (corrupt or incompatible); the old one serves on. */
  public static final String REFUSED = "serving.refused";

  /** The alias a server serves and a completed rollout moves. */
  public static final String PRODUCTION = "production";
  /** An alias whose version is shadowed (compared, never returned) while no rollout runs. */
  public static final String SHADOW = "shadow";

  private final MetadataDb db;
  private final ModelRegistry registry;
  private final Clock clock;

  public Rollouts(MetadataDb db, ModelRegistry registry, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public ModelRegistry registry() {
    return registry;
  }

  /**
   * Starts rolling {@code candidate} ({@code v2}, {@code spam@v2} or an alias) out against the
   * signal's production version.
   *
   * @throws IllegalArgumentException when the candidate is production already, the signal has no
   *     production alias, or a rollout of the signal is running or paused
   */
  public Rollout start(String signal, String candidate, RolloutPlan plan, String actor, String reason) {
    requireText(actor, "actor");
    requireText(reason, "reason (why this candidate is rolled out)");
    String ref = candidate.contains("@") ? candidate : signal + "@" + candidate;
    ModelVersion cand = registry.resolve(ModelRef.parse(ref));
    if (!cand.signal().equals(signal)) {
      throw new IllegalArgumentException("candidate " + cand.ref() + " is not a version of " + signal);
    }
    AliasTarget prod = registry.aliases(signal).stream().filter(a -> a.alias().equals(PRODUCTION)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(signal + " has no production alias to roll out against; "
            + "set one first: prism models alias " + signal + " " + PRODUCTION + " v1 --reason …"));
    if (prod.version() == cand.version()) {
      throw new IllegalArgumentException(cand.ref() + " is production already");
    }
    Instant now = Instant.ofEpochMilli(clock.millis());
    String id = "ro-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    Rollout r = new Rollout(id, signal, cand.version(), prod.version(), Rollout.State.RUNNING, plan, 0, now, "", "{}", actor,
        now, now);
    db.inTransaction(c -> {
      Optional<Rollout> active = active(c, signal);
      if (active.isPresent()) {
        throw new IllegalArgumentException("rollout " + active.get().id() + " of " + signal + " is " + active.get().state().db()
            + "; abort it first (prism rollout abort " + active.get().id() + ")");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollout (id, signal, candidate_version, baseline_version, "
          + "state, steps, min_step_ms, min_step_items, step_index, step_started_at, outcome, guardrails_json, created_by, "
          + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, id);
        ps.setString(2, signal);
        ps.setInt(3, r.candidateVersion());
        ps.setInt(4, r.baselineVersion());
        ps.setString(5, r.state().db());
        ps.setString(6, plan.stepsText());
        ps.setLong(7, plan.minStepMs());
        ps.setLong(8, plan.minStepItems());
        ps.setInt(9, 0);
        ps.setLong(10, now.toEpochMilli());
        ps.setString(11, "");
        ps.setString(12, "{}");
        ps.setString(13, actor);
        ps.setLong(14, now.toEpochMilli());
        ps.setLong(15, now.toEpochMilli());
        ps.executeUpdate();
      }
      return null;
    });
    Map<String, Object> data = base(r);
    data.put("reason", reason);
    data.put("steps", plan.stepsText());
    data.put("min_step_ms", plan.minStepMs());
    data.put("min_step_items", plan.minStepItems());
    registry.publish(STARTED, signal, actor, data);
    return r;
  }

  public Optional<Rollout> get(String id) {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM rollout WHERE id = ?")) {
        ps.setString(1, id);
        return read(ps).stream().findFirst();
      }
    });
  }

  /** The rollout {@code id}, or an {@link UnknownModelException} naming it. */
  public Rollout require(String id) {
    return get(id).orElseThrow(() -> new UnknownModelException("no rollout " + id + " (see prism rollout status)"));
  }

  /** Rollouts of {@code signal} (every signal when null), newest first. */
  public List<Rollout> list(String signal) {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM rollout" + (signal == null ? "" : " WHERE signal = ?")
          + " ORDER BY created_at DESC, id")) {
        if (signal != null) {
          ps.setString(1, signal);
        }
        return read(ps);
      }
    });
  }

  /** The running or paused rollout of {@code signal}. */
  public Optional<Rollout> active(String signal) {
    return db.withConnection(c -> active(c, signal));
  }

  public Rollout pause(String id, String actor, String reason) {
    return transition(id, Rollout.State.RUNNING, Rollout.State.PAUSED, PAUSED, actor, reason, false);
  }

  /** Resumes a paused rollout; its current step starts over (time and items). */
  public Rollout resume(String id, String actor, String reason) {
    return transition(id, Rollout.State.PAUSED, Rollout.State.RUNNING, RESUMED, actor, reason, true);
  }

  /** Ends a running or paused rollout; production stays where it is. */
  public Rollout abort(String id, String actor, String reason) {
    Rollout r = require(id);
    if (!r.state().active()) {
      throw new IllegalArgumentException("rollout " + id + " is " + r.state().db() + " already");
    }
    return transition(id, r.state(), Rollout.State.ABORTED, ABORTED, actor, reason, false);
  }

  private Rollout transition(String id, Rollout.State from, Rollout.State to, String event, String actor, String reason,
      boolean restartStep) {
    requireText(actor, "actor");
    requireText(reason, "reason");
    long now = clock.millis();
    int n = db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE rollout SET state = ?, updated_at = ?, outcome = ?"
          + (restartStep ? ", step_started_at = ?" : "") + " WHERE id = ? AND state = ?")) {
        int k = 1;
        ps.setString(k++, to.db());
        ps.setLong(k++, now);
        ps.setString(k++, to.active() ? "" : clip(reason));
        if (restartStep) {
          ps.setLong(k++, now);
        }
        ps.setString(k++, id);
        ps.setString(k, from.db());
        return ps.executeUpdate();
      }
    });
    Rollout r = require(id);
    if (n == 0) {
      throw new IllegalArgumentException("rollout " + id + " is " + r.state().db() + ", not " + from.db());
    }
    Map<String, Object> data = base(r);
    data.put("reason", reason);
    data.put("step", r.stepName());
    registry.publish(event, r.signal(), actor, data);
    return r;
  }

  /** The server moved {@code r} to its next step. Empty when it was paused or ended meanwhile. */
  Optional<Rollout> advance(Rollout r, String actor, Map<String, Object> guardrails) {
    long now = clock.millis();
    int n = db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE rollout SET step_index = ?, step_started_at = ?, updated_at = ? "
          + "WHERE id = ? AND state = 'running' AND step_index = ?")) {
        ps.setInt(1, r.stepIndex() + 1);
        ps.setLong(2, now);
        ps.setLong(3, now);
        ps.setString(4, r.id());
        ps.setInt(5, r.stepIndex());
        return ps.executeUpdate();
      }
    });
    if (n == 0) {
      return Optional.empty();
    }
    Rollout next = require(r.id());
    Map<String, Object> data = base(next);
    data.put("from_step", r.stepName());
    data.put("step", next.stepName());
    data.put("guardrails", guardrails);
    registry.publish(STEP, r.signal(), actor, data);
    return Optional.of(next);
  }

  /**
   * Records a guardrail halt. Traffic is already back on production (the server switched it when
   * it detected the breach); this makes it permanent and announces it.
   */
  Optional<Rollout> halt(Halt h, String actor, Map<String, Object> guardrails) {
    String outcome = "guardrail " + h.breach().describe();
    long now = clock.millis();
    int n = db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE rollout SET state = 'halted', outcome = ?, guardrails_json = ?, "
          + "updated_at = ? WHERE id = ? AND state IN ('running', 'paused')")) {
        ps.setString(1, clip(outcome));
        ps.setString(2, json(guardrails));
        ps.setLong(3, now);
        ps.setString(4, h.rolloutId());
        return ps.executeUpdate();
      }
    });
    if (n == 0) {
      return Optional.empty();
    }
    Rollout r = require(h.rolloutId());
    Map<String, Object> data = base(r);
    data.put("step", r.stepName());
    data.put("guardrail", h.breach().guardrail());
    data.put("value", h.breach().value());
    data.put("limit", h.breach().limit());
    data.put("by", Math.abs(h.breach().value() - h.breach().limit()));
    data.put("items", h.breach().items());
    data.put("message", outcome);
    data.put("detected_at", h.detectedAt().toString());
    data.put("traffic_back_to", h.production().ref());
    data.put("switch_micros", (h.switchedNanos() - h.detectedNanos()) / 1000);
    data.put("guardrails", guardrails);
    registry.publish(HALTED, r.signal(), actor, data);
    return Optional.of(r);
  }

  /**
   * Halts {@code r} because its candidate cannot be served (its artifact is corrupt, or does not
   * fit the served signal): production never stopped answering.
   */
  Optional<Rollout> haltUnservable(Rollout r, String why, String actor) {
    long now = clock.millis();
    String outcome = "candidate refused: " + why;
    int n = db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE rollout SET state = 'halted', outcome = ?, updated_at = ? "
          + "WHERE id = ? AND state IN ('running', 'paused')")) {
        ps.setString(1, clip(outcome));
        ps.setLong(2, now);
        ps.setString(3, r.id());
        return ps.executeUpdate();
      }
    });
    if (n == 0) {
      return Optional.empty();
    }
    Rollout done = require(r.id());
    Map<String, Object> data = base(done);
    data.put("guardrail", "artifact");
    data.put("message", outcome);
    registry.publish(HALTED, r.signal(), actor, data);
    return Optional.of(done);
  }

  /** The last step passed: production moves to the candidate (a recorded alias move), the rollout completes. */
  Optional<Rollout> complete(Rollout r, String actor, Map<String, Object> guardrails) {
    long now = clock.millis();
    int n = db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE rollout SET state = 'completed', outcome = ?, guardrails_json = ?, "
          + "updated_at = ? WHERE id = ? AND state = 'running'")) {
        ps.setString(1, "promoted " + r.signal() + "@v" + r.candidateVersion() + " to " + PRODUCTION);
        ps.setString(2, json(guardrails));
        ps.setLong(3, now);
        ps.setString(4, r.id());
        return ps.executeUpdate();
      }
    });
    if (n == 0) {
      return Optional.empty();
    }
    registry.setAlias(r.signal(), PRODUCTION, r.candidateVersion(), actor, "rollout " + r.id() + " completed its plan ("
        + r.plan().stepsText() + ") with every guardrail within its limit");
    Rollout done = require(r.id());
    Map<String, Object> data = base(done);
    data.put("guardrails", guardrails);
    registry.publish(COMPLETED, r.signal(), actor, data);
    return Optional.of(done);
  }

  /** The server's latest guardrail values, for {@code prism rollout status}. */
  void saveGuardrails(String id, Map<String, Object> guardrails) {
    db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE rollout SET guardrails_json = ? WHERE id = ?")) {
        ps.setString(1, json(guardrails));
        ps.setString(2, id);
        return ps.executeUpdate();
      }
    });
  }

  /** Records that a version an alias named could not be served. */
  void refused(String signal, String alias, ModelVersion v, String why, String actor) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("alias", alias);
    data.put("version", v.version());
    data.put("ref", v.ref());
    data.put("reason", why);
    registry.publish(REFUSED, signal, actor, data);
  }

  private static Map<String, Object> base(Rollout r) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("rollout", r.id());
    data.put("candidate_version", r.candidateVersion());
    data.put("baseline_version", r.baselineVersion());
    data.put("state", r.state().db());
    return data;
  }

  private static Optional<Rollout> active(Connection c, String signal) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT * FROM rollout WHERE signal = ? AND state IN ('running', 'paused') ORDER BY created_at DESC")) {
      ps.setString(1, signal);
      return read(ps).stream().findFirst();
    }
  }

  private static List<Rollout> read(PreparedStatement ps) throws SQLException {
    List<Rollout> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Rollout(rs.getString("id"), rs.getString("signal"), rs.getInt("candidate_version"),
            rs.getInt("baseline_version"), Rollout.State.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)),
            RolloutPlan.parse(rs.getString("steps"), rs.getLong("min_step_ms"), rs.getLong("min_step_items")),
            rs.getInt("step_index"), Instant.ofEpochMilli(rs.getLong("step_started_at")), rs.getString("outcome"),
            rs.getString("guardrails_json"), rs.getString("created_by"), Instant.ofEpochMilli(rs.getLong("created_at")),
            Instant.ofEpochMilli(rs.getLong("updated_at"))));
      }
    }
    return out;
  }

  static String json(Object o) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + o, e);
    }
  }

  private static void requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }

  private static String clip(String s) {
    String t = s == null ? "" : s.strip();
    return t.length() <= 2000 ? t : t.substring(0, 2000);
  }
}
