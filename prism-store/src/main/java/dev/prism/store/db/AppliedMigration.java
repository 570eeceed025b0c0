package dev.prism.store.db;

import java.time.Instant;

/** A row of {@code schema_history}: a migration that has been applied to this database. */
public record AppliedMigration(int version, String description, String checksum, Instant appliedAt, long executionMillis) {}
