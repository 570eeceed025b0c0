package dev.prism.store.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.auth.AuditEvent;
import dev.prism.core.auth.Principal;
import dev.prism.core.auth.Scope;
import dev.prism.store.DatabaseTestBase;
import dev.prism.store.db.AppliedMigration;
import dev.prism.store.db.MetadataDb;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** API tokens and the audit log on a real database (SQLite; PostgreSQL when configured). */
abstract class ApiTokenContract extends DatabaseTestBase {
  static final Clock T0 = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void tokenIsShownOnceStoredHashedVerifiedAndRevocable() throws Exception {
    try (MetadataDb db = MetadataDb.open(newDatabaseUrl())) {
      assertThat(db.history()).extracting(AppliedMigration::version).contains(1, 2);
      ApiTokenStore store = new ApiTokenStore(db, T0, new SecureRandom());
      ApiTokenStore.Created created = store.create("ingest-job", Scope.WRITE);
      String secret = created.secret();
      assertThat(secret).matches("prism_[0-9a-f]{12}_[A-Za-z0-9_-]{43}").startsWith("prism_" + created.token().id() + "_");
      // what the database holds: the SHA-256 of the token (computed here with the JDK), never the token
      String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
      String dump = db.withConnection(c -> {
        StringBuilder b = new StringBuilder();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, name, scope, secret_sha256 FROM api_token")) {
          while (rs.next()) {
            b.append(rs.getString(1)).append('|').append(rs.getString(2)).append('|').append(rs.getString(3)).append('|')
                .append(rs.getString(4));
          }
        }
        return b.toString();
      });
      assertThat(dump).isEqualTo(created.token().id() + "|ingest-job|write|" + expected);
      assertThat(dump).doesNotContain(secret.substring(19));

      assertThat(store.verify(secret)).contains(new Principal(created.token().id(), "ingest-job", Scope.WRITE));
      // one character off, a well-formed stranger, garbage: nothing
      char last = secret.charAt(secret.length() - 1);
      assertThat(store.verify(secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A'))).isEmpty();
      assertThat(store.verify("prism_000000000000_" + "A".repeat(43))).isEmpty();
      assertThat(store.verify("' OR 1=1 --")).isEmpty();
      assertThat(store.verify("")).isEmpty();

      ApiTokenStore.Created reader = store.create("dashboard", Scope.READ);
      assertThat(store.list()).extracting(ApiToken::name, ApiToken::scope, ApiToken::active)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ingest-job", Scope.WRITE, true),
              org.assertj.core.groups.Tuple.tuple("dashboard", Scope.READ, true));
      assertThat(store.revoke(created.token().id())).isTrue();
      assertThat(store.revoke(created.token().id())).as("already revoked").isFalse();
      assertThat(store.verify(secret)).isEmpty();
      assertThat(store.verify(reader.secret())).map(Principal::scope).contains(Scope.READ);
      assertThat(store.list()).filteredOn(t -> t.id().equals(created.token().id())).singleElement()
          .satisfies(t -> assertThat(t.revokedAt()).isEqualTo(Optional.of(T0.instant())));
      assertThatThrownBy(() -> store.revoke("nope")).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("no API token with id 'nope' (see prism tokens list)");
      assertThatThrownBy(() -> store.create(" ", Scope.READ)).hasMessageContaining("token name must be 1 to 200 characters");
    }
  }

  @Test
  void auditEventsAreKeptNewestFirst() {
    try (MetadataDb db = MetadataDb.open(newDatabaseUrl())) {
      ApiTokenStore store = new ApiTokenStore(db, T0, new SecureRandom());
      AuditEvent a = new AuditEvent(Instant.parse("2026-11-26T12:00:01Z"), "abc", "POST /v1/things", "/v1/things/1", "201", "10.0.0.1");
      AuditEvent b = new AuditEvent(Instant.parse("2026-11-26T12:00:02Z"), "cli:root", "tokens.revoke", "abc", "ok", "");
      store.record(a);
      store.record(b);
      assertThat(store.audit(10)).containsExactly(b, a);
      assertThat(store.audit(1)).containsExactly(b);
    }
  }

  @Test
  void tokensSurviveReopening() {
    String url = newDatabaseUrl();
    String secret;
    try (MetadataDb db = MetadataDb.open(url)) {
      secret = new ApiTokenStore(db).create("ops", Scope.ADMIN).secret();
    }
    try (MetadataDb db = MetadataDb.open(url)) {
      assertThat(new ApiTokenStore(db).verify(secret)).map(Principal::scope).contains(Scope.ADMIN);
      assertThat(new ApiTokenStore(db).list()).hasSize(1);
    }
  }

}
