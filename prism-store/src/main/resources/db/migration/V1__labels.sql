-- Labeling tasks and labels. Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Times are epoch milliseconds (BIGINT, UTC); ids are application-chosen text, never
-- AUTOINCREMENT / SERIAL, so no dialect-specific key generation is needed.

CREATE TABLE label_task (
  name        TEXT   NOT NULL PRIMARY KEY,
  description TEXT   NOT NULL,
  created_at  BIGINT NOT NULL
);

-- The ordered label set of a task: position 0, 1, … is the integer a label model or WRENCH uses.
CREATE TABLE label_task_value (
  task_name TEXT    NOT NULL REFERENCES label_task (name) ON DELETE CASCADE,
  position  INTEGER NOT NULL CHECK (position >= 0),
  value     TEXT    NOT NULL,
  PRIMARY KEY (task_name, position),
  UNIQUE (task_name, value)
);

-- One label per (task, item, source): a source that labels an item again replaces its label.
-- The value must be in the task's label set (checked by the application with a precise message,
-- and here as a foreign key so no other writer can break it).
CREATE TABLE label (
  task_name   TEXT   NOT NULL REFERENCES label_task (name) ON DELETE CASCADE,
  item_id     TEXT   NOT NULL,
  source_kind TEXT   NOT NULL CHECK (source_kind IN ('HUMAN', 'LABELING_FUNCTION', 'MODEL')),
  source_name TEXT   NOT NULL,
  value       TEXT   NOT NULL,
  confidence  DOUBLE PRECISION CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (task_name, item_id, source_kind, source_name),
  FOREIGN KEY (task_name, value) REFERENCES label_task_value (task_name, value)
);

CREATE INDEX label_by_source ON label (task_name, source_kind, source_name);
