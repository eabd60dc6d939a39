DROP INDEX customers_unit_idx;
