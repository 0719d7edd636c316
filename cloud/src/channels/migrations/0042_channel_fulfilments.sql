-- Online orders at the till (issue 20): what the cloud keeps once an appliance prepared an order (the
-- online_order/prepared op: the order became a sale there), and the fulfilment owed to the channel
-- (Tiendanube: POST /orders/{id}/fulfill; Mercado Libre: a seller note on the order). One row per order:
-- a replayed op changes nothing, and once sent_at is set the channel is never told twice.
CREATE TABLE online_order_fulfilments (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  order_id uuid NOT NULL,
  store_id uuid NOT NULL,
  sale_id text NOT NULL CHECK (char_length(sale_id) <= 64),
  sale_number text NOT NULL CHECK (char_length(sale_number) <= 40),
  prepared_at timestamptz NOT NULL,
  -- Sending it: due (backed off after a failure), claimed by one worker for a lease, sent once.
  due_at timestamptz NOT NULL,
  claimed_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  sent_at timestamptz,
  -- A refusal that sending again would repeat (the order gone, cancelled there): kept, not retried.
  failed text CHECK (char_length(failed) <= 500),
  PRIMARY KEY (tenant_id, order_id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES online_orders (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX online_order_fulfilments_due ON online_order_fulfilments (due_at) WHERE sent_at IS NULL AND failed IS NULL;
-- The orders still holding stock: not cancelled, not yet a sale (push.ts subtracts them per product).
CREATE INDEX online_orders_store_status ON online_orders (tenant_id, store_id, status);

ALTER TABLE online_order_fulfilments ENABLE ROW LEVEL SECURITY;
ALTER TABLE online_order_fulfilments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON online_order_fulfilments USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON online_order_fulfilments TO mostrador_app;

-- An order arriving, changing or cancelled moves what it holds, and its sale at the till releases it: either
-- way the products of its linked lines owe a push to every connection of that store listing them (the same
-- queue and versions as stock_levels' trigger), in the transaction of the change.
CREATE FUNCTION channel_enqueue_order_lines(t uuid, store uuid, lines jsonb, due timestamptz) RETURNS void
  LANGUAGE sql AS $$
  INSERT INTO channel_push_queue (tenant_id, connection_id, product_id, due_at)
  SELECT DISTINCT l.tenant_id, l.connection_id, l.product_id, due
    FROM jsonb_array_elements(lines) x
    JOIN channel_listings l ON l.tenant_id = t AND l.product_id::text = x->>'productId'
    JOIN channel_connections c ON c.tenant_id = l.tenant_id AND c.id = l.connection_id AND c.store_id = store
  ON CONFLICT (tenant_id, connection_id, product_id)
  DO UPDATE SET version = nextval('channel_push_version'), due_at = LEAST(channel_push_queue.due_at, excluded.due_at)
$$;

CREATE FUNCTION channel_enqueue_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status OR OLD.lines IS DISTINCT FROM NEW.lines THEN
    PERFORM channel_enqueue_order_lines(NEW.tenant_id, NEW.store_id,
      CASE WHEN TG_OP = 'UPDATE' THEN NEW.lines || OLD.lines ELSE NEW.lines END, NEW.updated_at);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER online_orders_channel_push AFTER INSERT OR UPDATE ON online_orders
  FOR EACH ROW EXECUTE FUNCTION channel_enqueue_order();

CREATE FUNCTION channel_enqueue_fulfilment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM channel_enqueue_order_lines(o.tenant_id, o.store_id, o.lines, NEW.due_at)
     FROM online_orders o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.order_id;
  RETURN NULL;
END $$;
CREATE TRIGGER online_order_fulfilments_channel_push AFTER INSERT ON online_order_fulfilments
  FOR EACH ROW EXECUTE FUNCTION channel_enqueue_fulfilment();

-- The worker also visits tenants with a fulfilment due.
CREATE OR REPLACE FUNCTION channels_tenants_with_work(at timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT tenant_id FROM public.channel_push_queue
     WHERE due_at <= at AND (claimed_until IS NULL OR claimed_until < at)
    UNION
    SELECT tenant_id FROM public.channel_connections WHERE stale_policy <> 'none' AND status = 'active'
    UNION
    SELECT tenant_id FROM public.online_order_fulfilments
     WHERE sent_at IS NULL AND failed IS NULL AND due_at <= at AND (claimed_until IS NULL OR claimed_until < at)
  $$;
REVOKE ALL ON FUNCTION channels_tenants_with_work(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION channels_tenants_with_work(timestamptz) TO mostrador_app;
