ALTER TABLE tickets DROP COLUMN return_reason;
ALTER TABLE tickets DROP COLUMN returned_by_department_id;
