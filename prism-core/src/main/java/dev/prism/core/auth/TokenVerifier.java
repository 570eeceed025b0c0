package dev.prism.core.auth;

import java.util.Optional;

/**
 * Checks a presented API token. Implementations compare in constant time and never log the
 * secret; an unknown, malformed or revoked token is {@link Optional#empty()}, never an exception
 * (a verifier that cannot reach its store throws, and the caller answers 503, not 401).
 */
@FunctionalInterface
public interface TokenVerifier {
  Optional<Principal> verify(String presentedToken);
}
