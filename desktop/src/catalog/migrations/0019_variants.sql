-- Variants (talle × color, or any axes the shop names), as product rows.
--
-- A product with variants is a MODEL: a products row with `variant_axes` set. It is never sold, scanned
-- or stocked itself; it holds what its variants share (name, category, IVA, unit, the default price).
-- Each VARIANT is an ordinary products row with `variant_of` pointing at its model and `variant_values`
-- naming its cell: its own SKU, barcodes, price, cost, stock and active flag. Sale lines, returns, stock
-- movements, counts and purchase orders already name products, so they work per variant unchanged, and
-- every product that existed before this migration is a single-variant product with its history intact.

-- On a model: the axes in display order, e.g. [{"name":"Talle","values":["S","M","L"]},{"name":"Color","values":["Negro","Rojo"]}].
ALTER TABLE products ADD COLUMN variant_axes TEXT CHECK (variant_axes IS NULL OR json_valid(variant_axes));
-- On a variant: its model.
ALTER TABLE products ADD COLUMN variant_of TEXT REFERENCES products (id);
-- On a variant: one value per axis of its model, in the model's axis order, e.g. ["M","Rojo"].
ALTER TABLE products ADD COLUMN variant_values TEXT CHECK (variant_values IS NULL OR json_valid(variant_values));
-- On a variant: 1 while its price follows the model's (a change of the model's price moves it in the
-- same transaction), 0 once the shop gave it a price of its own (the override).
ALTER TABLE products ADD COLUMN price_follows_model INTEGER NOT NULL DEFAULT 1 CHECK (price_follows_model IN (0, 1));

CREATE INDEX products_variant_of ON products (variant_of, active) WHERE variant_of IS NOT NULL;
-- One variant per cell of a model's grid.
CREATE UNIQUE INDEX products_variant_cell ON products (variant_of, variant_values) WHERE variant_of IS NOT NULL;
