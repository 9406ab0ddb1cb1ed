-- The expiry sweep (expiry.rs, run by the server every few minutes) deletes expired
-- authorization codes, sessions, cached action values and login transactions. Codes stay a day
-- past their expiry and sessions for days, so those tables are large: these indexes let each
-- batch read only the rows it deletes. New rows append at the end of each index (expiry = now +
-- a lifetime): one more leaf page per write. login_transactions has none: a finished login
-- deletes its row, so the table holds only logins in progress or abandoned since the last
-- sweep, and a scan of it is short; an index would cost every login two more writes.
CREATE INDEX IF NOT EXISTS codes_by_expiry ON codes (expires_at);
CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions (expires_at);
CREATE INDEX IF NOT EXISTS action_cache_by_expiry ON action_cache (expires_at);
