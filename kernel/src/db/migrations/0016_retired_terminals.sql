-- A retired till: no one logs in at it any more, but its sales, returns and sessions keep pointing at it
-- (and its punto de venta number stays taken, so no new till reuses a number already on receipts).
ALTER TABLE terminals ADD COLUMN retired_at TEXT;
