-- A resolved ticket of a kind that needs no callback closes by itself at this time (one
-- week after resolution by default), unless the customer contacts again (DESIGN §1.8).
ALTER TABLE tickets ADD COLUMN auto_close_at TIMESTAMP;
