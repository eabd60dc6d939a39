ALTER TABLE tickets DROP COLUMN auto_close_at;
