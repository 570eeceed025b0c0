/**
 * API tokens (created, listed, revoked, verified) and the audit log, in the metadata database;
 * implements prism-core's {@link dev.prism.core.auth.TokenVerifier} and {@link dev.prism.core.auth.AuditLog}.
 */
package dev.prism.store.auth;
