package dev.prism.core.auth;

import java.util.Objects;

/**
 * Who a verified API token stands for.
 *
 * @param tokenId the token's public id (never the secret): what logs, audit rows and rate limits key on
 * @param name the name given at creation, for people reading logs
 * @param scope what the token may do
 */
public record Principal(String tokenId, String name, Scope scope) {
  public Principal {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
  }
}
