-- Prepaid cards and wristbands (desktop/src/cards/README.md): the balance is the sum of a card's ledger in
-- this file, never a number on the chip, and this appliance is its one spender (docs/ownership.md).

-- Paying a sale with a prepaid card: the sale's card is charged in the sale's transaction. Not cash.
INSERT INTO payment_methods (code, is_cash) VALUES ('card', 0);

CREATE TABLE cards (
  id                  TEXT PRIMARY KEY,
  -- The chip's UID normalised to upper-case hex (cards/uid.ts): 4, 7 or 10 bytes, or a 125 kHz tag's 5.
  uid                 TEXT NOT NULL CHECK (length(uid) BETWEEN 2 AND 40 AND uid NOT GLOB '*[^0-9A-F]*' AND length(uid) % 2 = 0),
  printed_number      TEXT,
  customer_id         TEXT REFERENCES customers (id),
  status              TEXT NOT NULL CHECK (status IN ('active', 'blocked', 'replaced', 'expired')),
  blocked_reason      TEXT,
  -- The wristband's price charged at issue, how it was paid, and whether a cash-out gives it back.
  deposit             INTEGER NOT NULL CHECK (deposit >= 0),
  deposit_refundable  INTEGER NOT NULL CHECK (deposit_refundable IN (0, 1)),
  deposit_method      TEXT REFERENCES payment_methods (code),
  -- When (and in which cash session) a cash-out gave the deposit back; NULL while the card holds it.
  deposit_returned_at TEXT,
  deposit_returned_session_id TEXT REFERENCES cash_sessions (id),
  -- A lost or broken card's replacement takes its balance: replaces → the old card, replaced_by → the new.
  replaces            TEXT REFERENCES cards (id),
  replaced_by         TEXT REFERENCES cards (id),
  -- The expiry policy when the card was issued: the event's end (UTC) after which unused balance
  -- expires, or NULL (never). The job expires by the shop's current setting (card_settings).
  expires_at          TEXT,
  -- Where the card was issued (its deposit is in that session's Z report).
  cash_session_id     TEXT REFERENCES cash_sessions (id),
  terminal_id         TEXT,
  staff_id            TEXT,
  issued_at           TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  CHECK (status <> 'replaced' OR replaced_by IS NOT NULL)
) STRICT;
-- One live card per UID: a replaced card keeps its UID in the history but no longer answers to it.
CREATE UNIQUE INDEX cards_uid_live ON cards (uid) WHERE status <> 'replaced';
CREATE INDEX cards_session ON cards (cash_session_id) WHERE cash_session_id IS NOT NULL;
CREATE INDEX cards_deposit_returned ON cards (deposit_returned_session_id) WHERE deposit_returned_session_id IS NOT NULL;

-- The card ledger, append-only. amount > 0 adds to the balance (top-up, refund of a charge, transfer in),
-- < 0 takes from it (charge, cash-out, voided top-up, transfer out, expiry). Balance = SUM(amount).
CREATE TABLE card_entries (
  id               TEXT PRIMARY KEY,
  card_id          TEXT NOT NULL REFERENCES cards (id),
  kind             TEXT NOT NULL CHECK (kind IN ('topup', 'charge', 'refund', 'cashout', 'void_topup', 'transfer_out', 'transfer_in', 'expire')),
  amount           INTEGER NOT NULL CHECK (amount <> 0),
  -- The balance after this entry: the previous entry's plus this amount (the trigger below holds it to
  -- that), fixed when written. Reading the latest is the balance in O(log n); it is still the ledger's
  -- sum, and the CHECK is the last line of defence against a negative balance.
  balance_after    INTEGER NOT NULL CHECK (balance_after >= 0),
  -- topup, void_topup, cashout: how the money came in or went out (cash moves the session's drawer).
  method           TEXT REFERENCES payment_methods (code),
  reference        TEXT,
  sale_id          TEXT REFERENCES sales (id),
  return_id        TEXT REFERENCES returns (id),
  related_entry_id TEXT REFERENCES card_entries (id),
  -- The client's id of the operation that wrote this entry (a retry finds it and writes nothing).
  request_id       TEXT UNIQUE,
  cash_session_id  TEXT REFERENCES cash_sessions (id),
  terminal_id      TEXT,
  staff_id         TEXT,
  note             TEXT,
  created_at       TEXT NOT NULL,
  CHECK (kind NOT IN ('topup', 'refund', 'transfer_in') OR amount > 0),
  CHECK (kind NOT IN ('charge', 'cashout', 'void_topup', 'transfer_out', 'expire') OR amount < 0),
  CHECK (kind <> 'charge' OR sale_id IS NOT NULL),
  CHECK (kind <> 'refund' OR sale_id IS NOT NULL),
  CHECK (kind NOT IN ('topup', 'cashout') OR method IS NOT NULL),
  CHECK (kind NOT IN ('void_topup', 'transfer_in') OR related_entry_id IS NOT NULL)
) STRICT;
CREATE INDEX card_entries_card ON card_entries (card_id);
CREATE INDEX card_entries_session ON card_entries (cash_session_id) WHERE cash_session_id IS NOT NULL;
CREATE INDEX card_entries_created ON card_entries (created_at);
-- A sale charges its card once; a top-up is voided once; a transfer is received once.
CREATE UNIQUE INDEX card_entries_sale_charge ON card_entries (sale_id) WHERE kind = 'charge';
CREATE UNIQUE INDEX card_entries_related_once ON card_entries (related_entry_id, kind) WHERE kind IN ('void_topup', 'transfer_in');
-- The expiry job writes one 'expire' per card, once.
CREATE UNIQUE INDEX card_entries_expire_once ON card_entries (card_id) WHERE kind = 'expire';

CREATE TRIGGER card_entries_balance_follows BEFORE INSERT ON card_entries
WHEN NEW.balance_after IS NOT COALESCE(
  (SELECT balance_after FROM card_entries WHERE card_id = NEW.card_id ORDER BY rowid DESC LIMIT 1), 0) + NEW.amount
BEGIN
  SELECT RAISE(ABORT, 'card_entries: balance_after must be the previous balance plus the amount');
END;
CREATE TRIGGER card_entries_no_update BEFORE UPDATE ON card_entries
BEGIN
  SELECT RAISE(ABORT, 'card_entries is append-only');
END;
CREATE TRIGGER card_entries_no_delete BEFORE DELETE ON card_entries
BEGIN
  SELECT RAISE(ABORT, 'card_entries is append-only');
END;

-- Every card operation's client request id and what it did, so a retry (same id) answers the same and
-- writes nothing: also the operations that write no entry (issue with nothing to load, block, unblock).
CREATE TABLE card_requests (
  request_id    TEXT PRIMARY KEY,
  op            TEXT NOT NULL CHECK (op IN ('issue', 'topup', 'cashout', 'block', 'unblock', 'transfer', 'void_topup')),
  card_id       TEXT NOT NULL REFERENCES cards (id),
  -- transfer: the new card.
  other_card_id TEXT REFERENCES cards (id),
  entry_id      TEXT REFERENCES card_entries (id),
  -- Cash handed over (+) or back (−) at the desk for this operation.
  cash          INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL
) STRICT;

-- The shop's card policy (Ajustes → Tarjetas), one row.
CREATE TABLE card_settings (
  id                 INTEGER PRIMARY KEY CHECK (id = 1),
  deposit            INTEGER NOT NULL CHECK (deposit >= 0),
  deposit_refundable INTEGER NOT NULL CHECK (deposit_refundable IN (0, 1)),
  -- An event's end (UTC): unused balance expires then. NULL: never.
  expires_at         TEXT,
  updated_at         TEXT NOT NULL
) STRICT;
INSERT INTO card_settings (id, deposit, deposit_refundable, expires_at, updated_at)
  VALUES (1, 0, 1, NULL, '1970-01-01T00:00:00.000Z');
