-- API tokens and the audit log (issue 9). Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- A token is shown once at creation; only the SHA-256 of the whole token string is kept (a token
-- carries 256 random bits, so a fast hash is enough: there is nothing to brute-force).

CREATE TABLE api_token (
  id            TEXT   NOT NULL PRIMARY KEY,
  name          TEXT   NOT NULL,
  scope         TEXT   NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
  secret_sha256 TEXT   NOT NULL UNIQUE,
  created_at    BIGINT NOT NULL,
  revoked_at    BIGINT
);

-- Every write through the API (and every token change from the command line), with its outcome.
CREATE TABLE audit_log (
  id      TEXT   NOT NULL PRIMARY KEY,
  at      BIGINT NOT NULL,
  actor   TEXT   NOT NULL,
  action  TEXT   NOT NULL,
  target  TEXT   NOT NULL,
  outcome TEXT   NOT NULL,
  remote  TEXT   NOT NULL
);

CREATE INDEX audit_log_at ON audit_log (at);
