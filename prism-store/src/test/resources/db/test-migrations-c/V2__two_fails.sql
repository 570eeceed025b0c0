CREATE TABLE t_two (id TEXT NOT NULL PRIMARY KEY);
INSERT INTO t_missing_table (id) VALUES ('boom');
