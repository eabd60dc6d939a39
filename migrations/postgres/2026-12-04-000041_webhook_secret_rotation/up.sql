-- A rotated secret stays valid for an overlap window: until then deliveries are signed
-- with both the new secret and this one.
ALTER TABLE webhooks ADD COLUMN previous_secret TEXT;
ALTER TABLE webhooks ADD COLUMN previous_secret_until TIMESTAMP;
