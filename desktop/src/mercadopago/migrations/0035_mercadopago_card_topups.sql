-- A confirmed Mercado Pago charge may load a prepaid card (Tarjetas → cargar → Mercado Pago) instead of
-- paying a sale: the top-up's ledger entry that used it. A charge is used once: by a sale (sale_id) or
-- by a top-up (card_entry_id), never both, never twice (the sale hook and cards/topup.ts check it in their
-- IMMEDIATE transactions; this index is the last line of defence).
ALTER TABLE mercadopago_charges ADD COLUMN card_entry_id TEXT REFERENCES card_entries (id);
CREATE UNIQUE INDEX mercadopago_charges_card_entry ON mercadopago_charges (card_entry_id)
  WHERE card_entry_id IS NOT NULL;
