-- The turnos report on the dashboard (cloud/src/turnos/reports.ts) gives the desk's figures from the
-- projection: it needs which sale charged which booking, and which line of that sale is the service.
-- Here, beside no single module: the sale's column is ingest's (projections/sales.ts), the service's turnos'.
-- Sales and services uploaded before this carry neither (their payloads were not kept): their revenue is
-- not in the dashboard's report until the appliance sends the service again (any edit re-sends it).

-- The turno the sale charged (sale/created's bookingId; absent or null: none).
ALTER TABLE sales ADD COLUMN booking_id text;
CREATE INDEX sales_booking ON sales (tenant_id, booking_id) WHERE booking_id IS NOT NULL;

-- The catalog product the till sells the service as (turno_service's productId).
ALTER TABLE turno_services ADD COLUMN product_id text;
