package dev.prism.store.auth;

import dev.prism.core.auth.AuditEvent;
import dev.prism.core.auth.AuditLog;
import dev.prism.core.auth.Principal;
import dev.prism.core.auth.Scope;
import dev.prism.core.auth.TokenVerifier;
import dev.prism.store.db.MetadataDb;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * API tokens and the audit log in the metadata database.
 *
 * <p>A token is {@code prism_<id>_<secret>}: {@code id} is 12 random hex digits, public (it is what
 * lists, logs, audit rows and rate limits show), {@code secret} 32 bytes from {@link SecureRandom}
 * in unpadded base64url (256 bits). The token is shown once, at creation; the database keeps only
 * the SHA-256 of the whole token. A fast hash is right here, unlike for passwords: with 256 random
 * bits there is nothing to guess, so a slow hash would only slow every request. Verification looks
 * the row up by the id and compares digests with {@link MessageDigest#isEqual} (constant time), so
 * timing reveals nothing about the secret; a revoked token stops verifying at once (no cache).
 */
public final class ApiTokenStore implements TokenVerifier, AuditLog {
  static final String PREFIX = "prism_";
  /** Random bytes in a token's secret. */
  static final int SECRET_BYTES = 32;
  private static final Pattern FORMAT = Pattern.compile("prism_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
  private static final int MAX_NAME = 200;

  private final MetadataDb db;
  private final Clock clock;
  private final SecureRandom random;

  public ApiTokenStore(MetadataDb db, Clock clock, SecureRandom random) {
    this.db = db;
    this.clock = clock;
    this.random = random;
  }

  public ApiTokenStore(MetadataDb db) {
    this(db, Clock.systemUTC(), new SecureRandom());
  }

  /** A new token and its secret, which is not stored and cannot be shown again. */
  public record Created(ApiToken token, String secret) {}

  public Created create(String name, Scope scope) {
    if (name == null || name.isBlank() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException("token name must be 1 to " + MAX_NAME + " characters, got '" + name + "'");
    }
    byte[] idBytes = new byte[6];
    random.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    byte[] secretBytes = new byte[SECRET_BYTES];
    random.nextBytes(secretBytes);
    String token = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    Instant now = Instant.ofEpochMilli(clock.millis());
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO api_token (id, name, scope, secret_sha256, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)")) {
        ps.setString(1, id);
        ps.setString(2, name.strip());
        ps.setString(3, scope.id());
        ps.setString(4, HexFormat.of().formatHex(sha256(token)));
        ps.setLong(5, now.toEpochMilli());
        ps.executeUpdate();
      }
      return null;
    });
    return new Created(new ApiToken(id, name.strip(), scope, now, Optional.empty()), token);
  }

  /** Every token, oldest first (revoked ones too, marked). */
  public List<ApiToken> list() {
    return db.withConnection(c -> {
      List<ApiToken> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, name, scope, created_at, revoked_at FROM api_token ORDER BY created_at, id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long revoked = rs.getLong(5);
          Optional<Instant> revokedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
          out.add(new ApiToken(rs.getString(1), rs.getString(2), Scope.parse(rs.getString(3)),
              Instant.ofEpochMilli(rs.getLong(4)), revokedAt));
        }
      }
      return out;
    });
  }

  /**
   * Revokes a token by its id.
   *
   * @return false when it was already revoked
   * @throws IllegalArgumentException when there is no token with that id
   */
  public boolean revoke(String id) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT revoked_at FROM api_token WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalArgumentException("no API token with id '" + id + "' (see prism tokens list)");
          }
          rs.getLong(1);
          if (!rs.wasNull()) {
            return false;
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE api_token SET revoked_at = ? WHERE id = ?")) {
        ps.setLong(1, clock.millis());
        ps.setString(2, id);
        ps.executeUpdate();
      }
      return true;
    });
  }

  @Override
  public Optional<Principal> verify(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    var m = FORMAT.matcher(presented);
    if (!m.matches()) {
      return Optional.empty();
    }
    String id = m.group(1);
    byte[] digest = sha256(presented);
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT name, scope, secret_sha256, revoked_at FROM api_token WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.<Principal>empty();
          }
          String name = rs.getString(1);
          Scope scope = Scope.parse(rs.getString(2));
          byte[] stored = HexFormat.of().parseHex(rs.getString(3));
          rs.getLong(4);
          boolean revoked = !rs.wasNull();
          if (!MessageDigest.isEqual(stored, digest) || revoked) {
            return Optional.<Principal>empty();
          }
          return Optional.of(new Principal(id, name, scope));
        }
      }
    });
  }

  @Override
  public void record(AuditEvent e) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO audit_log (id, at, actor, action, target, outcome, remote) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, UUID.randomUUID().toString());
        ps.setLong(2, e.at().toEpochMilli());
        ps.setString(3, e.actor());
        ps.setString(4, e.action());
        ps.setString(5, e.target());
        ps.setString(6, e.outcome());
        ps.setString(7, e.remote());
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** The newest {@code limit} audit events, newest first. */
  public List<AuditEvent> audit(int limit) {
    return db.withConnection(c -> {
      List<AuditEvent> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT at, actor, action, target, outcome, remote FROM audit_log ORDER BY at DESC, id LIMIT ?")) {
        ps.setInt(1, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new AuditEvent(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6)));
          }
        }
      }
      return out;
    });
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
