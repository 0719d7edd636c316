import { withCheckDigit } from "@mostrador/contracts/pos/gs1";

import { nameKey } from "@mostrador/contracts/search-key";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";

// Word lists that make synthetic names search like real ones ("gall choc" hits a few hundred rows).
const KINDS = [
  "Galletitas",
  "Fideos",
  "Arroz",
  "Aceite",
  "Yerba",
  "Azúcar",
  "Harina",
  "Leche",
  "Yogur",
  "Queso",
  "Gaseosa",
  "Agua",
  "Cerveza",
  "Vino",
  "Jugo",
  "Detergente",
  "Lavandina",
  "Shampoo",
  "Jabón",
  "Alfajor",
  "Chocolate",
  "Caramelos",
  "Café",
  "Té",
  "Mermelada",
  "Atún",
  "Arvejas",
  "Salsa",
  "Snack",
  "Pan",
];
const BRANDS = [
  "Arcor",
  "Molinos",
  "Ledesma",
  "Sancor",
  "Bagley",
  "Marolio",
  "Terrabusi",
  "Natura",
  "Knorr",
  "Quilmes",
  "Serenísima",
  "Canale",
  "Fargo",
  "Cañuelas",
  "Lucchetti",
  "Baggio",
  "Ilolay",
  "Paty",
  "Georgalos",
  "Felfort",
];
const VARIANTS = [
  "clásico",
  "light",
  "vainilla",
  "chocolate",
  "limón",
  "integral",
  "sin TACC",
  "familiar",
  "premium",
  "original",
];
const SIZES = ["100 g", "250 g", "500 g", "1 kg", "500 ml", "1 L", "1,5 L", "2,25 L", "6 u.", "12 u."];

/**
 * Inserts `n` synthetic products with one valid EAN-13 each ("7799" + 8-digit serial + check digit),
 * in one transaction with prepared statements, for benchmarks on a 100,000-product catalog.
 * Deterministic; continues the serial when called again. Benchmark data is not for the cloud,
 * so no outbox entries are written.
 */
export function generateCatalog(ctx: Ctx, n: number): { first: number; count: number } {
  if (!Number.isSafeInteger(n) || n < 0 || n > 10_000_000) throw new RangeError("n must be 0..10,000,000");
  const db = ctx.db;
  const insertProduct = db.prepare(
    `INSERT INTO products (id, sku, name, name_key, category_id, price, iva_rate, unit, scale_code, low_stock_threshold,
                           active, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, 2100, 'each', NULL, NULL, 1, ?, ?)`,
  );
  const insertBarcode = db.prepare("INSERT INTO product_barcodes (barcode, product_id) VALUES (?, ?)");
  const at = isoNow(ctx);
  return db.transaction(() => {
    const first =
      (db.prepare("SELECT count(*) FROM products WHERE sku LIKE 'GEN-%'").pluck().get() as number) + 1;
    for (let k = first; k < first + n; k++) {
      const name = [
        KINDS[k % KINDS.length],
        BRANDS[Math.floor(k / KINDS.length) % BRANDS.length],
        VARIANTS[Math.floor(k / 600) % VARIANTS.length],
        SIZES[Math.floor(k / 6000) % SIZES.length],
        `#${k}`,
      ].join(" ");
      const id = newId();
      const price = 10_000 + ((k * 7919) % 2_000_000);
      insertProduct.run(id, `GEN-${k}`, name, nameKey(name), price, at, at);
      insertBarcode.run(withCheckDigit(`7799${String(k).padStart(8, "0")}`), id);
    }
    return { first, count: n };
  })();
}
