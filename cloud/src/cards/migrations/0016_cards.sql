-- Prepaid cards and wristbands in the cloud (cloud/src/cards): each store's cards and their balance
-- ledger, uploaded by its appliance (desktop/src/cards), where the balance lives. Append-only entries;
-- a card's balance is the sum of its entries, the bar's liability the sum over its active cards.
-- Ids are the appliance's (text). Tenancy as 0001 says.

-- The latest version of each card (later updatedAt wins). An entry that arrives before its card makes
-- a placeholder (uid, status, updated_at NULL) that the card's own op fills in when it comes.
CREATE TABLE cards (
  tenant_id          uuid NOT NULL,
  id                 text NOT NULL,
  store_id           uuid NOT NULL,
  uid                text,
  printed_number     text,
  customer_id        text,
  status             text CHECK (status IN ('active', 'blocked', 'replaced', 'expired')),
  deposit            bigint CHECK (deposit >= 0),
  deposit_refundable boolean,
  replaces           text,
  issued_at          timestamptz,
  updated_at         timestamptz,
  payload            jsonb,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
  CHECK ((updated_at IS NULL) = (status IS NULL) AND (updated_at IS NULL) = (uid IS NULL))
);
CREATE INDEX cards_store ON cards (tenant_id, store_id, status);

-- Every status a card has had and since when: its status at a past moment (the liability then) and
-- its history. One row per version the store uploaded.
CREATE TABLE card_states (
  tenant_id  uuid NOT NULL,
  card_id    text NOT NULL,
  updated_at timestamptz NOT NULL,
  status     text NOT NULL CHECK (status IN ('active', 'blocked', 'replaced', 'expired')),
  PRIMARY KEY (tenant_id, card_id, updated_at),
  FOREIGN KEY (tenant_id, card_id) REFERENCES cards (tenant_id, id)
);

CREATE TABLE card_entries (
  tenant_id        uuid NOT NULL,
  id               text NOT NULL,
  store_id         uuid NOT NULL,
  card_id          text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('topup', 'charge', 'refund', 'cashout', 'void_topup',
                                                 'transfer_out', 'transfer_in', 'expire')),
  amount           bigint NOT NULL,
  method           text,
  sale_id          text,
  terminal_id      text,
  cash_session_id  text,
  payload          jsonb NOT NULL,
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
  FOREIGN KEY (tenant_id, card_id) REFERENCES cards (tenant_id, id),
  -- What adds to a balance never takes from it, and the other way round (ingest says so in Spanish first).
  CHECK (CASE WHEN kind IN ('topup', 'refund', 'transfer_in') THEN amount >= 0 ELSE amount <= 0 END)
);
CREATE INDEX card_entries_card ON card_entries (tenant_id, card_id, created_at);
CREATE INDEX card_entries_store ON card_entries (tenant_id, store_id, created_at);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['cards', 'card_states', 'card_entries']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON cards TO mostrador_app;
GRANT SELECT, INSERT ON card_states, card_entries TO mostrador_app;
