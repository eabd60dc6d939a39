-- Duplicate suggestions look for open tickets from the same unit/project (site).
CREATE INDEX customers_unit_idx ON customers (unit);
