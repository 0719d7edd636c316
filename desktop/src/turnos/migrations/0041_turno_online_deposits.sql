-- A seña paid online by Mercado Pago (cloud migration 0026, docs/turnos.md "Señas"): it comes down the
-- turno_bookings shape with the booking (deposit_paid, the till deducts it with the method "deposit"), with
-- MP's payment id; 'refund_owed' when the booking was cancelled after it was paid (the shop owes it back).
ALTER TABLE turno_bookings ADD COLUMN deposit_payment_id TEXT;
ALTER TABLE turno_bookings ADD COLUMN online_deposit_status TEXT
  CHECK (online_deposit_status IN ('paid', 'refund_owed'));
