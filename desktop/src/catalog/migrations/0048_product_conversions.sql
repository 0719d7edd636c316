-- A simple product converted to a model (variants.ts convertToModel) keeps its row, which is never counted
-- or shown again; its stock and barcodes went to one variant the shop picked. That variant is recorded
-- here, so a return, void or exchange of a sale made before the conversion puts the goods back on it, not
-- on the model (pos/returns.ts, pos/voids.ts). Models converted before this migration are found from their
-- audited conversion (its `keep` values name the variant).
CREATE TABLE product_conversions (
  model_id         TEXT PRIMARY KEY REFERENCES products (id),
  stock_variant_id TEXT NOT NULL REFERENCES products (id),
  converted_at     TEXT NOT NULL
) STRICT;

INSERT OR IGNORE INTO product_conversions (model_id, stock_variant_id, converted_at)
  SELECT a.entity_id, v.id, a.at
    FROM audit_log a
    JOIN products v ON v.variant_of = a.entity_id
                   AND json(v.variant_values) = json_extract(a.details, '$.keep')
   WHERE a.action = 'product.convert_to_model'
   ORDER BY a.at;
