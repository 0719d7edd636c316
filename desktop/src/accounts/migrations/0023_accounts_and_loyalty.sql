-- Customer accounts (cuenta corriente / fiado) and loyalty points: append-only ledgers, balances are
-- sums of them (never a stored number), and the allowances that let this store spend a tenant-scope
-- balance offline (docs/ownership.md; desktop/src/accounts/README.md). One migration for both
-- modules: the loyalty module (desktop/src/loyalty/) uses the tables below without a folder of its own.

-- The credit limit a manager set for a customer. No row, or credit_limit NULL: the customer has no
-- account. Changes are audited (audit_log 'account.limit_set').
CREATE TABLE customer_credit_limits (
  customer_id  TEXT PRIMARY KEY REFERENCES customers (id),
  credit_limit INTEGER CHECK (credit_limit IS NULL OR credit_limit >= 0),
  -- NULL when the limit came down from the cloud (set in the owner's dashboard).
  set_by       TEXT REFERENCES staff (id),
  set_at       TEXT NOT NULL
) STRICT;

-- The account ledger. amount > 0: the customer owes more (a charge, an adjustment up); < 0: less (a
-- payment, the credit of a return or a void, an adjustment down). Balance (debt) = SUM(amount).
CREATE TABLE account_entries (
  id              TEXT PRIMARY KEY,
  customer_id     TEXT NOT NULL REFERENCES customers (id),
  kind            TEXT NOT NULL CHECK (kind IN ('charge', 'payment', 'return_credit', 'void_credit', 'adjustment')),
  amount          INTEGER NOT NULL CHECK (amount <> 0),
  sale_id         TEXT REFERENCES sales (id),
  return_id       TEXT REFERENCES returns (id),
  -- payment only: how the customer paid (cash moves the drawer of cash_session_id).
  method          TEXT REFERENCES payment_methods (code),
  cash_session_id TEXT REFERENCES cash_sessions (id),
  -- payment in cash: what the customer handed over (change = tendered + amount, amount being negative).
  tendered        INTEGER CHECK (tendered IS NULL OR (method = 'cash' AND tendered >= -amount)),
  reference       TEXT,
  terminal_id     TEXT,
  staff_id        TEXT,
  note            TEXT,
  created_at      TEXT NOT NULL,
  -- The balance after this entry: the previous entry's (in rowid order, the order they were written)
  -- plus this amount, fixed when the entry is appended (entries never change). Reading the latest one
  -- makes the balance O(log n) on every sale, for a customer with years of fiado; it is still the
  -- ledger's sum, never a number updated in place.
  balance_after   INTEGER NOT NULL,
  CHECK (kind <> 'charge' OR (amount > 0 AND sale_id IS NOT NULL)),
  CHECK (kind <> 'payment' OR (amount < 0 AND method IS NOT NULL AND method NOT IN ('account', 'points'))),
  CHECK (kind NOT IN ('return_credit', 'void_credit') OR amount < 0)
) STRICT;
-- (customer_id, rowid): the latest entry of a customer, for its balance_after, on every sale.
CREATE INDEX account_entries_customer ON account_entries (customer_id);
CREATE INDEX account_entries_sale ON account_entries (sale_id) WHERE sale_id IS NOT NULL;
CREATE INDEX account_entries_session ON account_entries (cash_session_id) WHERE cash_session_id IS NOT NULL;

-- The points ledger. points > 0: earned, given back, birthday bonus, adjustment up; < 0: redeemed,
-- taken back by a return, expired, adjustment down. Balance = SUM(points).
CREATE TABLE loyalty_entries (
  id          TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  kind        TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'return_earn', 'return_redeem', 'void', 'expire', 'birthday', 'adjustment')),
  -- 0 only for the expiry of an earn of which nothing was left (it marks the earn as expired, once).
  points      INTEGER NOT NULL CHECK (points <> 0 OR kind = 'expire'),
  -- redeem: the centavos the points paid (return_redeem gives back in proportion to them).
  amount      INTEGER,
  sale_id     TEXT REFERENCES sales (id),
  return_id   TEXT REFERENCES returns (id),
  -- earn: when these points expire (the daily job writes one 'expire' entry per earn entry, once).
  expires_at  TEXT,
  -- expire: the earn entry it expires; birthday: 'YYYY' the bonus is for. Unique with kind: idempotent jobs.
  ref         TEXT,
  staff_id    TEXT,
  note        TEXT,
  created_at  TEXT NOT NULL,
  -- The points after this entry, as account_entries.balance_after.
  balance_after INTEGER NOT NULL,
  CHECK (kind NOT IN ('earn', 'return_redeem', 'birthday') OR points > 0),
  CHECK (kind NOT IN ('redeem', 'return_earn') OR points < 0),
  CHECK (kind <> 'expire' OR points <= 0)
) STRICT;
CREATE INDEX loyalty_entries_customer ON loyalty_entries (customer_id);
CREATE INDEX loyalty_entries_sale ON loyalty_entries (sale_id) WHERE sale_id IS NOT NULL;
CREATE INDEX loyalty_entries_expiring ON loyalty_entries (expires_at) WHERE kind = 'earn';
CREATE UNIQUE INDEX loyalty_entries_once ON loyalty_entries (customer_id, kind, ref) WHERE ref IS NOT NULL;

-- What this store may spend of a customer's tenant-scope credit or points on its own (docs/ownership.md).
-- amount > 0: granted to this store ('grant' by the cloud, 'limit' when this store sets the limit of a
-- customer it holds the whole allowance of); < 0: handed back ('return') or lowered ('limit').
-- Available here = SUM(amount) − what this store spent net (see accounts/allowance.ts).
CREATE TABLE allowance_entries (
  id          TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  kind        TEXT NOT NULL CHECK (kind IN ('credit', 'points')),
  -- 0 only for the return of an expired grant of which nothing was left (it marks the grant handed back).
  amount      INTEGER NOT NULL CHECK (amount <> 0 OR reason = 'return'),
  reason      TEXT NOT NULL CHECK (reason IN ('grant', 'limit', 'return')),
  -- return of an expired grant: that grant's id (a grant is handed back once).
  returns_grant TEXT UNIQUE,
  -- grant: the cloud's grant id (applying the same grant twice is a no-op).
  grant_id    TEXT UNIQUE,
  -- grant: after this the store stops spending it and hands the rest back.
  expires_at  TEXT,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX allowance_entries_customer ON allowance_entries (customer_id, kind, amount);

-- The shop's loyalty rules (one row; edited in Ajustes). Points are off until enabled.
CREATE TABLE loyalty_rules (
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  enabled             INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  -- One point for every this many centavos spent (10000: a point per $ 100).
  spend_per_point     INTEGER NOT NULL DEFAULT 10000 CHECK (spend_per_point > 0),
  -- What one point pays, in centavos, redeemed as a payment method.
  point_value         INTEGER NOT NULL DEFAULT 100 CHECK (point_value > 0),
  -- A sale below this total earns nothing.
  min_sale_total      INTEGER NOT NULL DEFAULT 0 CHECK (min_sale_total >= 0),
  -- Category ids whose lines earn nothing (JSON array).
  excluded_categories TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(excluded_categories)),
  -- Points expire this many months after they were earned; NULL: never.
  expiry_months       INTEGER CHECK (expiry_months IS NULL OR expiry_months BETWEEN 1 AND 120),
  -- Points given on the customer's birthday (once a year); 0: none.
  birthday_bonus      INTEGER NOT NULL DEFAULT 0 CHECK (birthday_bonus >= 0),
  updated_at          TEXT
) STRICT;
INSERT INTO loyalty_rules (id) VALUES (1);
