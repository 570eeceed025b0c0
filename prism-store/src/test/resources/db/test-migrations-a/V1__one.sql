CREATE TABLE t_one (id TEXT NOT NULL PRIMARY KEY, note TEXT);
-- a semicolon inside a string must not split the statement
INSERT INTO t_one (id, note) VALUES ('a', 'x; y');
