ALTER TABLE tickets DROP COLUMN urged_at;
ALTER TABLE tickets DROP COLUMN urge_count;
