-- A simple product converted to a model at a till: the variant that kept its stock and barcodes, from the
-- model's product/updated op (`stockVariantId`, sent once). Returns and voids of sales made before the
-- conversion put the goods back on that variant, never on the model (ingest/projections/stock.ts).
CREATE TABLE product_conversions (
  tenant_id        uuid NOT NULL REFERENCES organizations (id),
  model_id         text NOT NULL,
  stock_variant_id text NOT NULL,
  PRIMARY KEY (tenant_id, model_id)
);

ALTER TABLE product_conversions ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_conversions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON product_conversions
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON product_conversions TO mostrador_app;
