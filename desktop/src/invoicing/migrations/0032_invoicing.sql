-- ARCA electronic invoicing (desktop/src/invoicing/README.md). The shop's CUIT, IVA condition and razón
-- social stay in shop_settings (one truth for every receipt); this module keeps the rest.

CREATE TABLE invoicing_setup (
  id                 INTEGER PRIMARY KEY CHECK (id = 1),
  environment        TEXT NOT NULL DEFAULT 'homologacion' CHECK (environment IN ('homologacion', 'produccion')),
  -- Endpoint overrides (a local fake, a proxy); NULL: the environment's published endpoints.
  wsaa_url           TEXT,
  wsfe_url           TEXT,
  -- yyyy-mm-dd, printed on every invoice ("Inicio de actividades").
  activity_start     TEXT,
  -- The private key, AES-256-GCM under a key derived from the per-install secret file beside the database
  -- (never inside it): "v1:<iv>:<tag>:<ciphertext>" in base64. The key never leaves the appliance.
  key_encrypted      TEXT,
  csr_pem            TEXT,
  certificate_pem    TEXT,
  certificate_valid_to TEXT,
  cae_point_of_sale  INTEGER CHECK (cae_point_of_sale BETWEEN 1 AND 99998),
  caea_point_of_sale INTEGER CHECK (caea_point_of_sale BETWEEN 1 AND 99998),
  mode               TEXT NOT NULL DEFAULT 'off' CHECK (mode IN ('off', 'every_sale', 'on_request')),
  -- Factura B to a consumidor final above this total (centavos) must name the buyer's DNI.
  dni_threshold      INTEGER NOT NULL DEFAULT 1000000000 CHECK (dni_threshold > 0),
  -- ARCA's clock minus the PC's, measured on the last answer (ms); NULL until measured.
  clock_offset_ms    INTEGER,
  clock_checked_at   TEXT,
  updated_at         TEXT NOT NULL,
  CHECK (cae_point_of_sale IS NULL OR caea_point_of_sale IS NULL OR cae_point_of_sale <> caea_point_of_sale)
) STRICT;

-- WSAA access tickets, one per CUIT and service for its validity: WSAA refuses a new one while one is valid.
CREATE TABLE arca_tickets (
  cuit       TEXT NOT NULL,
  service    TEXT NOT NULL,
  token      TEXT NOT NULL,
  sign       TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (cuit, service)
) STRICT;

-- CAEAs granted for a fortnight (contingency when ARCA cannot be reached).
CREATE TABLE caea_grants (
  id                 TEXT PRIMARY KEY,
  cuit               TEXT NOT NULL,
  periodo            INTEGER NOT NULL,
  orden              INTEGER NOT NULL CHECK (orden IN (1, 2)),
  caea               TEXT NOT NULL,
  -- yyyymmdd, ARCA's calendar.
  valid_from         TEXT NOT NULL,
  valid_to           TEXT NOT NULL,
  report_by          TEXT NOT NULL,
  -- When the CAEA punto de venta was reported as without movement (FECAEASinMovimientoInformar).
  no_movement_reported_at TEXT,
  -- Day (yyyymmdd) of the last deadline alert sent to the owner, so it is sent once a day.
  alerted_on         TEXT,
  created_at         TEXT NOT NULL,
  UNIQUE (cuit, periodo, orden)
) STRICT;

-- Invoices and credit notes: a durable queue outside the sale's transaction. A row is written 'sending'
-- with its number BEFORE FECAESolicitar goes out, so a crash or a timeout is resolved by asking ARCA
-- (FECompConsultar) about that number before anything is sent again: no number is skipped or used twice.
CREATE TABLE invoices (
  id                TEXT PRIMARY KEY,
  sale_id           TEXT NOT NULL REFERENCES sales (id),
  -- A credit note for a return names it; one for a void does not.
  return_id         TEXT REFERENCES returns (id),
  -- The invoice a credit note cancels.
  original_id       TEXT REFERENCES invoices (id),
  kind              TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  status            TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'authorised', 'caea_issued', 'caea_reported', 'failed', 'cancelled')),
  letter            TEXT CHECK (letter IN ('A', 'B', 'C')),
  cbte_tipo         INTEGER,
  authority         TEXT CHECK (authority IN ('CAE', 'CAEA')),
  point_of_sale     INTEGER,
  number            INTEGER,
  doc_tipo          INTEGER,
  doc_nro           TEXT,
  receptor_iva_id   INTEGER,
  -- Centavos.
  total             INTEGER CHECK (total > 0),
  net               INTEGER,
  vat               INTEGER,
  vat_shares        TEXT CHECK (vat_shares IS NULL OR json_valid(vat_shares)),
  -- yyyymmdd (ARCA's calendar) and the instant the voucher was generated, from the corrected clock.
  invoice_date      TEXT,
  generated_at      TEXT,
  code              TEXT,
  code_due          TEXT,
  caea_grant_id     TEXT REFERENCES caea_grants (id),
  attempts          INTEGER NOT NULL DEFAULT 0,
  last_error        TEXT,
  next_attempt_at   TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  UNIQUE (point_of_sale, cbte_tipo, number)
) STRICT;
CREATE UNIQUE INDEX invoices_one_per_sale ON invoices (sale_id) WHERE kind = 'invoice' AND status <> 'cancelled';
CREATE UNIQUE INDEX invoices_one_per_return ON invoices (return_id) WHERE return_id IS NOT NULL AND status <> 'cancelled';
CREATE UNIQUE INDEX invoices_one_void_note ON invoices (sale_id) WHERE kind = 'credit_note' AND return_id IS NULL AND status <> 'cancelled';
CREATE INDEX invoices_due ON invoices (status, next_attempt_at);
CREATE INDEX invoices_sale ON invoices (sale_id);
