-- Numbered alike for both engines. PostgreSQL has kept logs_by_user (0001) all along.
SELECT 1;
