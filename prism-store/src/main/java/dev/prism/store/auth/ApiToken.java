package dev.prism.store.auth;

import dev.prism.core.auth.Scope;
import java.time.Instant;
import java.util.Optional;

/** A stored API token, without its secret (which is never stored). */
public record ApiToken(String id, String name, Scope scope, Instant createdAt, Optional<Instant> revokedAt) {
  public boolean active() {
    return revokedAt.isEmpty();
  }
}
