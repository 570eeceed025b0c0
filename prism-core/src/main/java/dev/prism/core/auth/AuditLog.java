package dev.prism.core.auth;

/** Where every write is recorded. Recording is synchronous: a write that cannot be audited fails. */
@FunctionalInterface
public interface AuditLog {
  void record(AuditEvent event);
}
