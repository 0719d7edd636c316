-- Customers of the shop: born at a till or in the cloud (tenant scope: shared by the tenant's stores),
-- synced both ways. Sales may name one.

CREATE TABLE customers (
  -- Explicit INTEGER PRIMARY KEY for an FTS index, as products.num.
  num            INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  -- Lower-case name without diacritics, for sorting and search (contracts/src/search-key.ts).
  name_key       TEXT NOT NULL,
  -- DNI, CUIT or CUIL as digits only (validated where they enter), or a passport number.
  doc_type       TEXT CHECK (doc_type IN ('dni', 'cuit', 'cuil', 'passport')),
  doc_number     TEXT,
  -- For invoices: the recipient's IVA condition.
  iva_condition  TEXT NOT NULL DEFAULT 'consumidor_final'
                 CHECK (iva_condition IN ('consumidor_final', 'responsable_inscripto', 'monotributista', 'exento')),
  -- E.164 (+5491122334455).
  phone          TEXT,
  email          TEXT,
  -- YYYY-MM-DD (a date, no time zone).
  birthday       TEXT,
  notes          TEXT,
  tags           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
  -- What a loyalty card or QR carries, scanned at the till to attach the customer.
  loyalty_code   TEXT UNIQUE,
  -- Where the record was born: a store id, or 'cloud'.
  born_at        TEXT NOT NULL,
  -- The same person created at two places: the record that survives (docs/customers.md).
  merged_into    TEXT REFERENCES customers (id),
  -- "Delete on request": personal fields erased, the row kept so sales keep an anonymous customer.
  erased_at      TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  CHECK ((doc_type IS NULL) = (doc_number IS NULL))
) STRICT;
CREATE INDEX customers_name ON customers (name_key) WHERE merged_into IS NULL;
CREATE INDEX customers_doc ON customers (doc_number) WHERE doc_number IS NOT NULL;
CREATE INDEX customers_phone ON customers (phone) WHERE phone IS NOT NULL;

-- The customer a sale was made to (NULL: an anonymous sale, as every sale before this migration).
ALTER TABLE sales ADD COLUMN customer_id TEXT REFERENCES customers (id);
CREATE INDEX sales_customer ON sales (customer_id, created_at) WHERE customer_id IS NOT NULL;
