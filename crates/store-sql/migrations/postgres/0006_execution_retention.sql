-- Retention (expiry.rs, run by the server's sweep): tenant logs and action execution records
-- older than `log_retention_days` / `execution_retention_days` are deleted, a tenant at a time.
-- Logs already have logs_by_time (tenant_id, logged_at, log_id); execution records are found
-- by id only, so this index lets a batch read just the rows it deletes. Records are written
-- in time order, so each one appends at the end of this index: one more leaf page per write
-- of the log writer's batch, not per login.
CREATE INDEX IF NOT EXISTS action_executions_by_time ON action_executions (tenant_id, created_at);
