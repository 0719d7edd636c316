-- Issue 17: a booking charged at the till is a sale linked to the booking. The service's full price is the
-- sale's total (IVA on the whole, not on what the patient paid that day); what was paid before or by
-- someone else settles part of it as a payment method that moves no drawer money:
--   deposit  "Seña": the prepayment the booking already has (turno_bookings.deposit_paid);
--   coverage "A cargo de obra social": the share the patient's obra social / prepaga owes (price − copay).
INSERT INTO payment_methods (code, is_cash) VALUES ('deposit', 0), ('coverage', 0);

-- One row per booking charged (the primary key: a booking is charged once). A void of the sale deletes
-- the row (the booking can be charged again); a return leaves it (the service was given).
CREATE TABLE turno_booking_charges (
  booking_id TEXT PRIMARY KEY REFERENCES turno_bookings(id),
  sale_id TEXT NOT NULL UNIQUE REFERENCES sales(id),
  -- The obra social / prepaga that owes `coverage_amount` (NULL: patient without coverage).
  payer TEXT,
  coverage_amount INTEGER NOT NULL CHECK (coverage_amount >= 0),
  deposit_applied INTEGER NOT NULL CHECK (deposit_applied >= 0),
  -- Copay (or full price) less the deposit: what the patient paid at the till with the normal tenders.
  patient_amount INTEGER NOT NULL CHECK (patient_amount >= 0),
  cash_session_id TEXT NOT NULL REFERENCES cash_sessions(id),
  charged_at TEXT NOT NULL,
  charged_by TEXT REFERENCES staff(id)
) STRICT;
CREATE INDEX turno_booking_charges_by_session ON turno_booking_charges (cash_session_id);
CREATE INDEX turno_booking_charges_by_payer ON turno_booking_charges (payer) WHERE payer IS NOT NULL;

-- The sale carries the booking it charged (in its view and its op up to the cloud).
ALTER TABLE sales ADD COLUMN booking_id TEXT REFERENCES turno_bookings(id);
