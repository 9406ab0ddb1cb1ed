-- The log listing now writes only the filters it is given (logs.rs), so SQLite can plan a
-- user's logs (the Management API's /users/{id}/logs, the dashboard's user page) with an
-- index instead of walking every log event of the tenant by time. Partial: events without a
-- user (client_credentials exchanges, most of a machine-to-machine tenant's log) cost it
-- nothing to write.
CREATE INDEX IF NOT EXISTS logs_by_user ON logs (tenant_id, user_id, logged_at, log_id) WHERE user_id IS NOT NULL;
