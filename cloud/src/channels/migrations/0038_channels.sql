-- Online channels (issue 20, cloud/src/channels/README.md): a store's Tiendanube store and Mercado Libre
-- seller, the mapping of its products to their listings, a push outbox per connection, the sync log and
-- the channels' orders ("pedidos online"). Same rules as every cloud table: tenant_id on every row, RLS
-- enabled + forced, explicit grants to mostrador_app.

-- One connection per store and channel. Tokens are sealed (CLOUD_SECRETS_KEY); Tiendanube's never expire
-- (refresh_sealed and expires_at stay NULL), Mercado Libre's last 6 h and are refreshed (single-use
-- refresh tokens: the new one replaces the old in the same UPDATE).
CREATE TABLE channel_connections (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  store_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('tiendanube', 'mercadolibre')),
  -- Tiendanube's store id (user_id of its token answer) or Mercado Libre's seller user_id, as text.
  account_id text NOT NULL CHECK (account_id ~ '^[0-9]{1,20}$'),
  access_sealed text NOT NULL,
  refresh_sealed text,
  expires_at timestamptz,
  -- Units held back from every listing (a product's own margin overrides it).
  safety_margin integer NOT NULL DEFAULT 0 CHECK (safety_margin BETWEEN 0 AND 100000),
  -- Price on the channel = store price × (1 + markup_bp / 10000), unless a product has a fixed price.
  markup_bp integer NOT NULL DEFAULT 0 CHECK (markup_bp BETWEEN -5000 AND 50000),
  -- What the channel shows while the store's appliances have not been heard from for stale_minutes.
  stale_policy text NOT NULL DEFAULT 'cap' CHECK (stale_policy IN ('cap', 'pause', 'none')),
  stale_minutes integer NOT NULL DEFAULT 60 CHECK (stale_minutes BETWEEN 5 AND 10080),
  stale_cap integer NOT NULL DEFAULT 1 CHECK (stale_cap BETWEEN 0 AND 100000),
  -- Set when the store went stale (owner told once) and cleared when it is heard from again.
  stale_since timestamptz,
  -- A 429's Retry-After: nothing is sent on this connection before it.
  paused_until timestamptz,
  -- 'needs_reconnect': the channel refused the token for good (app uninstalled, refresh refused).
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs_reconnect')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, store_id, channel),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
-- A channel account belongs to one connection in the whole cloud (webhooks are routed by it).
CREATE UNIQUE INDEX channel_connections_account ON channel_connections (channel, account_id);

-- "Conectar": the OAuth state, single use, checked at the callback.
CREATE TABLE channel_oauth_states (
  tenant_id uuid NOT NULL,
  state text NOT NULL CHECK (char_length(state) BETWEEN 20 AND 100),
  store_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('tiendanube', 'mercadolibre')),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (tenant_id, state),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE UNIQUE INDEX channel_oauth_states_state ON channel_oauth_states (state);

-- The channel's listings as last read from it (Tiendanube variants, Mercado Libre items/variations):
-- what mapping chooses from. remote_variant_id '' = an item without variations.
CREATE TABLE channel_listings (
  tenant_id uuid NOT NULL,
  connection_id uuid NOT NULL,
  remote_product_id text NOT NULL CHECK (char_length(remote_product_id) BETWEEN 1 AND 40),
  remote_variant_id text NOT NULL CHECK (char_length(remote_variant_id) <= 40),
  sku text CHECK (char_length(sku) <= 100),
  title text NOT NULL CHECK (char_length(title) <= 300),
  -- The store's product (a variant is a product row) this listing shows; NULL = unmapped.
  product_id uuid,
  mapped_by text CHECK (mapped_by IN ('sku', 'hand')),
  -- What was last sent, and the outbox version it carried: an older version is never sent after it.
  pushed_version bigint NOT NULL DEFAULT 0,
  pushed_stock integer,
  pushed_price bigint,
  pushed_at timestamptz,
  seen_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, connection_id, remote_product_id, remote_variant_id),
  FOREIGN KEY (tenant_id, connection_id) REFERENCES channel_connections (tenant_id, id) ON DELETE CASCADE,
  CHECK ((product_id IS NULL) = (mapped_by IS NULL))
);
-- A product shows on at most one listing per connection.
CREATE UNIQUE INDEX channel_listings_product ON channel_listings (tenant_id, connection_id, product_id)
  WHERE product_id IS NOT NULL;

-- Per product and connection: its own safety margin and/or a fixed price (centavos) on that channel.
CREATE TABLE channel_product_settings (
  tenant_id uuid NOT NULL,
  connection_id uuid NOT NULL,
  product_id uuid NOT NULL,
  safety_margin integer CHECK (safety_margin BETWEEN 0 AND 100000),
  fixed_price bigint CHECK (fixed_price BETWEEN 0 AND 100000000000),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, connection_id, product_id),
  FOREIGN KEY (tenant_id, connection_id) REFERENCES channel_connections (tenant_id, id) ON DELETE CASCADE
);

-- The push outbox: one row per (connection, product) owing a push. A change bumps `version` (one
-- sequence, so later changes carry larger versions) and makes it due now; the worker claims rows with
-- FOR UPDATE SKIP LOCKED and a lease, reads the CURRENT figures when it sends, and deletes the row only
-- if its version did not move meanwhile.
CREATE SEQUENCE channel_push_version;
GRANT USAGE ON SEQUENCE channel_push_version TO mostrador_app;
CREATE TABLE channel_push_queue (
  tenant_id uuid NOT NULL,
  connection_id uuid NOT NULL,
  product_id uuid NOT NULL,
  version bigint NOT NULL DEFAULT nextval('channel_push_version'),
  due_at timestamptz NOT NULL,
  claimed_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, connection_id, product_id),
  FOREIGN KEY (tenant_id, connection_id) REFERENCES channel_connections (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX channel_push_queue_due ON channel_push_queue (due_at);

-- What happened, per connection, in words a person understands; `retry` rows offer "Reintentar".
CREATE TABLE channel_sync_log (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  connection_id uuid NOT NULL,
  at timestamptz NOT NULL,
  level text NOT NULL CHECK (level IN ('info', 'error')),
  message text NOT NULL CHECK (char_length(message) <= 500),
  product_id uuid,
  retried_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, connection_id) REFERENCES channel_connections (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX channel_sync_log_connection ON channel_sync_log (tenant_id, connection_id, at DESC);

-- The channels' orders, always as re-read from the channel ("pedidos online"), sent down to the store's
-- appliances by the online_orders shape. lines: [{productId|null, remoteProductId, remoteVariantId, sku,
-- title, quantity, unitPrice}] (unitPrice in centavos). One row per channel order; a replayed or
-- reordered webhook re-reads the same state and changes nothing.
CREATE TABLE online_orders (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  store_id uuid NOT NULL,
  connection_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('tiendanube', 'mercadolibre')),
  remote_order_id text NOT NULL CHECK (char_length(remote_order_id) BETWEEN 1 AND 40),
  remote_pack_id text CHECK (char_length(remote_pack_id) <= 40),
  number text NOT NULL CHECK (char_length(number) <= 40),
  status text NOT NULL CHECK (status IN ('open', 'paid', 'cancelled')),
  buyer_name text NOT NULL CHECK (char_length(buyer_name) <= 200),
  total bigint NOT NULL CHECK (total BETWEEN 0 AND 100000000000),
  lines jsonb NOT NULL CHECK (jsonb_typeof(lines) = 'array'),
  placed_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, channel, remote_order_id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['channel_connections', 'channel_oauth_states', 'channel_listings',
    'channel_product_settings', 'channel_push_queue', 'channel_sync_log', 'online_orders']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO mostrador_app', t);
  END LOOP;
END $$;
GRANT DELETE ON channel_connections, channel_listings, channel_product_settings, channel_push_queue
  TO mostrador_app;

-- A stock change of the store (ingest: sales, returns, movements) owes a push to every connection of that
-- store listing the product: in the same transaction as the change, due at the change's time (the
-- service's clock, which wrote updated_at).
CREATE FUNCTION channel_enqueue_stock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO channel_push_queue (tenant_id, connection_id, product_id, due_at)
  SELECT l.tenant_id, l.connection_id, l.product_id, NEW.updated_at
    FROM channel_listings l JOIN channel_connections c ON c.tenant_id = l.tenant_id AND c.id = l.connection_id
   WHERE l.tenant_id = NEW.tenant_id AND c.store_id = NEW.store_id AND l.product_id::text = NEW.product_id
  ON CONFLICT (tenant_id, connection_id, product_id)
  DO UPDATE SET version = nextval('channel_push_version'), due_at = LEAST(channel_push_queue.due_at, excluded.due_at);
  RETURN NULL;
END $$;
CREATE TRIGGER stock_levels_channel_push AFTER INSERT OR UPDATE OF on_hand ON stock_levels
  FOR EACH ROW EXECUTE FUNCTION channel_enqueue_stock();

-- A price change (dashboard or till) owes a push of the product and of the variants that follow it.
CREATE FUNCTION channel_enqueue_price() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.price IS NOT DISTINCT FROM OLD.price THEN RETURN NULL; END IF;
  INSERT INTO channel_push_queue (tenant_id, connection_id, product_id, due_at)
  SELECT l.tenant_id, l.connection_id, l.product_id, NEW.updated_at
    FROM channel_listings l JOIN products p ON p.tenant_id = l.tenant_id AND p.id = l.product_id
   WHERE l.tenant_id = NEW.tenant_id AND (p.id = NEW.id OR (p.variant_of = NEW.id AND p.price_follows_model))
  ON CONFLICT (tenant_id, connection_id, product_id)
  DO UPDATE SET version = nextval('channel_push_version'), due_at = LEAST(channel_push_queue.due_at, excluded.due_at);
  RETURN NULL;
END $$;
CREATE TRIGGER products_channel_push AFTER UPDATE OF price ON products
  FOR EACH ROW EXECUTE FUNCTION channel_enqueue_price();

-- The worker runs for every tenant with due pushes or a connection to watch for stale stock; only
-- tenant ids leave this function.
CREATE FUNCTION channels_tenants_with_work(at timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT tenant_id FROM public.channel_push_queue
     WHERE due_at <= at AND (claimed_until IS NULL OR claimed_until < at)
    UNION
    SELECT tenant_id FROM public.channel_connections WHERE stale_policy <> 'none' AND status = 'active'
  $$;
REVOKE ALL ON FUNCTION channels_tenants_with_work(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION channels_tenants_with_work(timestamptz) TO mostrador_app;

-- Webhooks name the channel's account, not our tenant: which tenant and connection own it.
CREATE FUNCTION channels_connection_of_account(ch text, account text)
  RETURNS TABLE (tenant_id uuid, connection_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$ SELECT tenant_id, id FROM public.channel_connections WHERE channel = ch AND account_id = account $$;
REVOKE ALL ON FUNCTION channels_connection_of_account(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION channels_connection_of_account(text, text) TO mostrador_app;

-- The OAuth callback arrives without our session (the channel redirects the browser): the state names
-- the tenant.
CREATE FUNCTION channels_tenant_of_state(given text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$ SELECT tenant_id FROM public.channel_oauth_states WHERE state = given $$;
REVOKE ALL ON FUNCTION channels_tenant_of_state(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION channels_tenant_of_state(text) TO mostrador_app;

-- "Pedidos online" go down to the store's appliances as the online_orders shape (docs/sync-protocol.md).
CREATE TRIGGER online_orders_shape_log AFTER INSERT OR UPDATE ON online_orders
  FOR EACH ROW EXECUTE FUNCTION shape_log_capture('id');
