-- The model registry (issue 10). Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Ordering columns (seq) are assigned by the writer inside its transaction (max + 1) rather than by
-- AUTOINCREMENT/BIGSERIAL, which are spelled differently in the two databases; the UNIQUE
-- constraints make a racing writer fail instead of writing a duplicate.

-- One registered head artifact. (signal, version) is its name; artifact_sha256 its identity, so
-- registering the same bytes again finds this row instead of adding one.
CREATE TABLE model_version (
  signal               TEXT    NOT NULL,
  version              INTEGER NOT NULL,
  spec                 TEXT    NOT NULL,
  artifact_sha256      TEXT    NOT NULL UNIQUE,
  artifact_bytes       BIGINT  NOT NULL,
  head_name            TEXT    NOT NULL,
  head_version         TEXT    NOT NULL,
  training_data_sha256 TEXT    NOT NULL,
  label_source         TEXT    NOT NULL,
  code_version         TEXT    NOT NULL,
  trained_at           TEXT    NOT NULL,
  config_json          TEXT    NOT NULL,
  metrics_json         TEXT    NOT NULL,
  report_sha256        TEXT,
  note                 TEXT    NOT NULL,
  registered_by        TEXT    NOT NULL,
  registered_at        BIGINT  NOT NULL,
  PRIMARY KEY (signal, version)
);

-- Where each alias points now (the latest row of model_alias_history, kept for cheap reads).
CREATE TABLE model_alias (
  signal     TEXT    NOT NULL,
  alias      TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  updated_at BIGINT  NOT NULL,
  updated_by TEXT    NOT NULL,
  PRIMARY KEY (signal, alias),
  FOREIGN KEY (signal, version) REFERENCES model_version (signal, version)
);

-- Append-only: every alias move and rollback, never updated or deleted.
CREATE TABLE model_alias_history (
  seq          BIGINT  NOT NULL PRIMARY KEY,
  signal       TEXT    NOT NULL,
  alias        TEXT    NOT NULL,
  from_version INTEGER,
  to_version   INTEGER NOT NULL,
  kind         TEXT    NOT NULL CHECK (kind IN ('move', 'rollback')),
  actor        TEXT    NOT NULL,
  reason       TEXT    NOT NULL,
  at           BIGINT  NOT NULL
);

CREATE INDEX model_alias_history_alias ON model_alias_history (signal, alias, seq);

-- Append-only: every registry change as an event (the outbox webhooks are delivered from).
CREATE TABLE registry_event (
  seq          BIGINT NOT NULL PRIMARY KEY,
  id           TEXT   NOT NULL UNIQUE,
  type         TEXT   NOT NULL,
  signal       TEXT   NOT NULL,
  actor        TEXT   NOT NULL,
  at           BIGINT NOT NULL,
  payload_json TEXT   NOT NULL
);

-- One row per event and webhook once delivery ended (delivered, or given up after the retries).
CREATE TABLE webhook_delivery (
  event_id     TEXT    NOT NULL,
  url          TEXT    NOT NULL,
  status       TEXT    NOT NULL CHECK (status IN ('delivered', 'failed')),
  attempts     INTEGER NOT NULL,
  http_status  INTEGER,
  last_error   TEXT    NOT NULL,
  at           BIGINT  NOT NULL,
  PRIMARY KEY (event_id, url)
);
