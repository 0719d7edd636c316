-- Credit limits go down to every store of the tenant (cloud/src/accounts/README.md): the owner sets them
-- in the dashboard, a manager at the customer's birth store may set them at the till, and each side
-- keeps the write with the later hybrid logical clock (as customers' fields: docs/sync-protocol.md).
-- store_id is always NULL (tenant scope): the shape log's capture trigger and the store filter read it.

ALTER TABLE credit_limits ADD COLUMN store_id uuid CHECK (store_id IS NULL);
ALTER TABLE credit_limits ADD COLUMN hlc text;
-- Limits set before clocks: their set_at, as a clock of the node that set them.
UPDATE credit_limits
   SET hlc = lpad((floor(extract(epoch FROM set_at) * 1000))::bigint::text, 15, '0') || '-00000-'
             || COALESCE(replace(set_by_store::text, '-', ''), 'cloud');
ALTER TABLE credit_limits ALTER COLUMN hlc SET NOT NULL;
ALTER TABLE credit_limits ADD CONSTRAINT credit_limits_hlc_check
  CHECK (hlc ~ '^[0-9]{15}-[0-9]{5}-[a-z0-9]{1,32}$');

CREATE TRIGGER credit_limits_shape_log AFTER INSERT OR UPDATE OR DELETE ON credit_limits
  FOR EACH ROW EXECUTE FUNCTION shape_log_capture('customer_id');
