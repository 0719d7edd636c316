-- A confirmed Mercado Pago charge may pay a customer's account (Cuentas → Cobrar cuenta → Mercado Pago)
-- instead of a sale or a card top-up: the account payment's ledger entry that used it. Still used once:
-- by a sale, a top-up or an account payment (account-payments.ts, card-topups.ts and sale-hooks.ts check
-- it in their IMMEDIATE transactions; this index is the last line of defence).
ALTER TABLE mercadopago_charges ADD COLUMN account_entry_id TEXT REFERENCES account_entries (id);
CREATE UNIQUE INDEX mercadopago_charges_account_entry ON mercadopago_charges (account_entry_id)
  WHERE account_entry_id IS NOT NULL;
