-- Rollouts of a candidate model version (issue 10, "Rollouts in prism serve"). Portable SQL: runs
-- unchanged on SQLite and PostgreSQL. One row per rollout; its state changes in place (the
-- transitions themselves are events in registry_event: rollout.started, rollout.step,
-- rollout.paused, rollout.resumed, rollout.aborted, rollout.halted, rollout.completed).
CREATE TABLE rollout (
  id                TEXT    NOT NULL PRIMARY KEY,
  signal            TEXT    NOT NULL,
  candidate_version INTEGER NOT NULL,
  baseline_version  INTEGER NOT NULL,
  state             TEXT    NOT NULL CHECK (state IN ('running', 'paused', 'halted', 'aborted', 'completed')),
  -- the plan: steps ("shadow", then canary percentages), minimum time and candidate items per step
  steps             TEXT    NOT NULL,
  min_step_ms       BIGINT  NOT NULL,
  min_step_items    BIGINT  NOT NULL,
  step_index        INTEGER NOT NULL,
  step_started_at   BIGINT  NOT NULL,
  -- why it ended (halted: the guardrail and its value; aborted: the operator's reason)
  outcome           TEXT    NOT NULL,
  -- the last guardrail values the server reported, JSON
  guardrails_json   TEXT    NOT NULL,
  created_by        TEXT    NOT NULL,
  created_at        BIGINT  NOT NULL,
  updated_at        BIGINT  NOT NULL,
  FOREIGN KEY (signal, candidate_version) REFERENCES model_version (signal, version)
);

CREATE INDEX rollout_signal_state ON rollout (signal, state);
