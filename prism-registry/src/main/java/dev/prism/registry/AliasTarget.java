package dev.prism.registry;

import java.time.Instant;

/** Where an alias points now. */
public record AliasTarget(String signal, String alias, int version, Instant updatedAt, String updatedBy) {}
