/**
 * Access control SPI shared by runners and the store: API-token {@link dev.prism.core.auth.Scope}s,
 * the {@link dev.prism.core.auth.Principal} a verified token stands for, the
 * {@link dev.prism.core.auth.TokenVerifier} that checks a presented token and the
 * {@link dev.prism.core.auth.AuditLog} every write is recorded in. prism-store implements them;
 * prism-server uses them without importing the store (layering: server → core only).
 */
package dev.prism.core.auth;
