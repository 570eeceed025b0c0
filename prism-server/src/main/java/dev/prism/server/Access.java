package dev.prism.server;

import dev.prism.core.auth.AuditEvent;
import dev.prism.core.auth.AuditLog;
import dev.prism.core.auth.Principal;
import dev.prism.core.auth.Scope;
import dev.prism.core.auth.TokenVerifier;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Who may call what, and how often: API tokens ({@code Authorization: Bearer TOKEN}) checked by a
 * {@link TokenVerifier}, scopes per route, per-client rate limits, and the audit record of every
 * write.
 *
 * <ul>
 *   <li>Every {@code /v1} request: a presented token must be valid (401 otherwise, also where
 *       reading is open: a wrong token is a client bug worth telling); with
 *       {@code server.auth.read=token} a token of scope {@code read} or higher is required.
 *   <li>Routes registered with {@link PrismServer#route} at scope {@code write} or {@code admin}
 *       need a token of that scope (401 without one, 403 with a weaker one) whatever
 *       {@code server.auth.read} says, and each call is recorded in the {@link AuditLog} with its
 *       status: a write that cannot be audited is not done.
 *   <li>Rate limit (when {@code server.rate_limit.requests_per_second} > 0): keyed by the token's
 *       id when one was presented, else by the client address; 429 with {@code Retry-After}.
 * </ul>
 */
final class Access {
  static final String PRINCIPAL = "prism.principal";
  private static final String BEARER = "bearer ";

  private final TokenVerifier verifier;
  private final AuditLog audit;
  private final boolean readNeedsToken;
  private final RateLimiter limiter;
  private final Clock clock;

  /**
   * @param verifier null when the server has no token store: then every token is refused and only
   *     open routes can be called
   * @param audit null without a store: write routes are then refused (nothing could be audited)
   * @param limiter null when rate limiting is off
   */
  Access(TokenVerifier verifier, AuditLog audit, boolean readNeedsToken, RateLimiter limiter, Clock clock) {
    if (readNeedsToken && verifier == null) {
      throw new IllegalArgumentException("config " + ServerConfig.AUTH_READ.name()
          + "=token needs a token store (prism serve --db URL)");
    }
    this.verifier = verifier;
    this.audit = audit;
    this.readNeedsToken = readNeedsToken;
    this.limiter = limiter;
    this.clock = clock;
  }

  /**
   * The before-handler of {@code /v1/*}: authenticate, apply the read policy, rate-limit. A caller
   * without a valid token is limited by its address before it is told 401, so a flood of bad or
   * missing tokens costs the token store no more than the rate allows.
   */
  void before(Context ctx) {
    Optional<Principal> who;
    try {
      who = authenticate(ctx);
    } catch (Problem.Failure f) {
      limit("ip:" + ctx.ip());
      throw f;
    }
    who.ifPresent(p -> ctx.attribute(PRINCIPAL, p));
    if (readNeedsToken && who.isEmpty()) {
      limit("ip:" + ctx.ip());
      throw unauthorized(ctx, "this server needs an API token to read (server.auth.read=token); send "
          + "'Authorization: Bearer TOKEN' (prism tokens create --scope read)");
    }
    limit(who.map(p -> "token:" + p.tokenId()).orElseGet(() -> "ip:" + ctx.ip()));
  }

  private void limit(String client) {
    if (limiter == null) {
      return;
    }
    long wait = limiter.acquire(client);
    if (wait > 0) {
      int seconds = (int) Math.max(1, (wait + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
      throw Problem.rateLimited("rate limit of this client exceeded (server.rate_limit.requests_per_second, "
          + "server.rate_limit.burst); next request allowed in " + TimeUnit.NANOSECONDS.toMillis(wait) + " ms", seconds);
    }
  }

  /** {@code handler} behind a scope check; write and admin calls are audited with their outcome. */
  Handler guard(Scope scope, Handler handler) {
    return ctx -> {
      Principal p = ctx.attribute(PRINCIPAL);
      if (p == null) {
        p = authenticate(ctx).orElse(null);
      }
      if (scope == Scope.READ && !readNeedsToken) {
        handler.handle(ctx);
        return;
      }
      if (p == null) {
        throw unauthorized(ctx, ctx.method() + " " + ctx.path() + " needs an API token of scope " + scope.id()
            + "; send 'Authorization: Bearer TOKEN'");
      }
      if (!p.scope().includes(scope)) {
        throw Problem.forbidden("token '" + p.name() + "' (" + p.tokenId() + ") has scope " + p.scope().id() + "; "
            + ctx.method() + " " + ctx.path() + " needs " + scope.id());
      }
      if (scope == Scope.READ) {
        handler.handle(ctx);
        return;
      }
      if (audit == null) {
        throw Problem.forbidden("writes are disabled: this server has no audit log (prism serve --db URL)");
      }
      String outcome = "500";
      try {
        handler.handle(ctx);
        outcome = Integer.toString(ctx.statusCode());
      } catch (Problem.Failure f) {
        outcome = Integer.toString(f.problem().status());
        throw f;
      } finally {
        audit.record(new AuditEvent(clock.instant(), p.tokenId(), ctx.method() + " " + ctx.matchedPath(), ctx.path(),
            outcome, ctx.ip()));
      }
    };
  }

  /** The presented token's principal; a token that is present but not valid is a 401. */
  private Optional<Principal> authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw unauthorized(ctx, "Authorization must be 'Bearer TOKEN'");
    }
    if (verifier == null) {
      throw unauthorized(ctx, "this server has no token store, so no token is valid (prism serve --db URL)");
    }
    Optional<Principal> p = verifier.verify(header.substring(BEARER.length()).strip());
    if (p.isEmpty()) {
      throw unauthorized(ctx, "API token not valid (unknown or revoked)");
    }
    return p;
  }

  private static Problem.Failure unauthorized(Context ctx, String detail) {
    ctx.header("WWW-Authenticate", "Bearer realm=\"prism\"");
    return Problem.unauthorized(detail);
  }
}
