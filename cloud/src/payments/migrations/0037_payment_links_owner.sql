-- The owner's "Cobros por link" (cloud/src/payments/README.md): who a link is for (a customer of the
-- tenant, optional), until when it can be paid, and the owner's cancel. MP's payment status stays in
-- `status`; the state the owner sees (pendiente, pagado, vencido, cancelado, devuelto) is derived from
-- these when read, so a payment that still arrives after a cancel is shown as paid (the money is real).

ALTER TABLE payment_links
  ADD COLUMN customer_id text CHECK (char_length(customer_id) BETWEEN 1 AND 64),
  ADD COLUMN expires_at timestamptz,
  ADD COLUMN cancelled_at timestamptz,
  -- The order links were made in (two made in the same instant keep it): the owner's list, newest first.
  ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;

CREATE INDEX payment_links_newest ON payment_links (tenant_id, seq DESC);
