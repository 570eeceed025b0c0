package dev.prism.registry;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of an alias's append-only history.
 *
 * @param seq global order of alias changes
 * @param fromVersion where the alias pointed before; empty when it was created by this move
 * @param kind {@code move} (set by someone) or {@code rollback}
 */
public record AliasMove(long seq, String signal, String alias, Optional<Integer> fromVersion, int toVersion, String kind,
    String actor, String reason, Instant at) {
  public static final String MOVE = "move";
  public static final String ROLLBACK = "rollback";
}
