-- Upload drain (issue 21): four foreign keys that ingest satisfies by construction, dropped because
-- their per-row checks were about 40 % of the database's work per batch (one lookup per row: an
-- applied op, a sale, a line, a payment). Nothing deletes appliances, stores or sales, so these keys
-- only ever guarded inserts, and the only writer of these tables is ingest, whose inserts cannot break
-- them:
-- - applied_ops.appliance_id is the authenticated appliance, whose row the batch's own first statement
--   has just updated and locked (ingest.ts lockAndNoteProgress);
-- - sales.store_id is that appliance's store (the credential's, never the payload's; appliances
--   references stores);
-- - sale_lines and sale_payments are inserted by the statement that inserts their sale, only for the
--   sales it inserted (projections/sales.ts insertSales: `WHERE sale_id IN (SELECT id FROM new_sales)`),
--   with sale_id taken from the sale itself.
-- The other keys of these tables stay (primary keys: exactly once; returns → sales and the rest).
ALTER TABLE applied_ops DROP CONSTRAINT applied_ops_tenant_id_appliance_id_fkey;
ALTER TABLE sales DROP CONSTRAINT sales_tenant_id_store_id_fkey;
ALTER TABLE sale_lines DROP CONSTRAINT sale_lines_tenant_id_sale_id_fkey;
ALTER TABLE sale_payments DROP CONSTRAINT sale_payments_tenant_id_sale_id_fkey;
