-- The log listing filters with "($n IS NULL OR column = $n)" so that one prepared statement
-- serves every combination of filters; SQLite plans such a statement once, without the values,
-- and always walks logs_by_time (EXPLAIN QUERY PLAN). These three indexes were never read and
-- cost three of the five b-tree inserts of every log event (about 40% of its insert time).
-- A listing that chooses its SQL by the filters given would bring them back.
DROP INDEX IF EXISTS logs_by_kind;
DROP INDEX IF EXISTS logs_by_user;
DROP INDEX IF EXISTS logs_by_client;
