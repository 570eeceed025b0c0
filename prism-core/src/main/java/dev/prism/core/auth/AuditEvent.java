package dev.prism.core.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * One write, as the audit log keeps it.
 *
 * @param at when it was decided
 * @param actor the token id of the caller ({@code tokenId}), or e.g. {@code cli:USER} for a local command
 * @param action what was done, e.g. {@code POST /v1/things} or {@code tokens.create}
 * @param target what it was done to (an id, a path), empty when none
 * @param outcome the HTTP status, or {@code ok}/{@code failed} for local commands
 * @param remote the client address, empty for local commands
 */
public record AuditEvent(Instant at, String actor, String action, String target, String outcome, String remote) {
  public AuditEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    target = target == null ? "" : target;
    outcome = outcome == null ? "" : outcome;
    remote = remote == null ? "" : remote;
  }
}
