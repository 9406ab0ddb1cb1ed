-- Numbered alike for both engines. PostgreSQL keeps logs_by_kind, logs_by_user and
-- logs_by_client: it plans a prepared statement's first executions with the bound values
-- (custom plans), where "$n IS NULL OR column = $n" folds to "column = $n" and these indexes
-- can serve.
SELECT 1;
