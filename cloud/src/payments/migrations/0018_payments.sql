-- Mercado Pago in the cloud (cloud/src/payments/README.md): the seller's credentials per tenant (sealed
-- with CLOUD_SECRETS_KEY), the orders it re-read after MP's webhooks (relayed to the tenant's
-- appliances, which pull them), and Checkout Pro payment links. Tenancy as 0001 says.

CREATE TABLE mercadopago_accounts (
  tenant_id             uuid PRIMARY KEY REFERENCES organizations (id),
  token_sealed          text NOT NULL,
  webhook_secret_sealed text,
  -- MP's user id of the seller (a webhook names it; a notification for another seller is ignored).
  mp_user_id            text,
  updated_at            timestamptz NOT NULL
);

-- Each (order, status) once: a replayed or reordered webhook adds nothing. seq orders the relay.
CREATE TABLE mercadopago_orders (
  tenant_id          uuid NOT NULL REFERENCES organizations (id),
  seq                bigint GENERATED ALWAYS AS IDENTITY,
  order_id           text NOT NULL,
  status             text NOT NULL,
  status_detail      text NOT NULL,
  kind               text NOT NULL,
  external_reference text NOT NULL,
  amount             bigint NOT NULL CHECK (amount > 0),
  received_at        timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, seq),
  UNIQUE (tenant_id, order_id, status)
);

-- Checkout Pro links (señas of turnos, online orders): one per reference, confirmed by re-reading the payment.
CREATE TABLE payment_links (
  tenant_id     uuid NOT NULL REFERENCES organizations (id),
  reference     text NOT NULL,
  title         text NOT NULL,
  amount        bigint NOT NULL CHECK (amount > 0),
  preference_id text NOT NULL,
  url           text NOT NULL,
  status        text NOT NULL DEFAULT 'pending',
  payment_id    text,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, reference)
);

-- Payments already applied to a link ((payment, status) once).
CREATE TABLE payment_link_events (
  tenant_id  uuid NOT NULL REFERENCES organizations (id),
  payment_id text NOT NULL,
  status     text NOT NULL,
  reference  text NOT NULL,
  seen_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, payment_id, status)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['mercadopago_accounts', 'mercadopago_orders', 'payment_links', 'payment_link_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON mercadopago_accounts, payment_links TO mostrador_app;
GRANT SELECT, INSERT ON mercadopago_orders, payment_link_events TO mostrador_app;
