import type { ProductValuesT } from "@mostrador/contracts/sync/catalog";
import type {
  ProductOverwrite,
  ReviewedField as ContractField,
} from "@mostrador/contracts/http/cloud-catalog";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Sql } from "../db/sql.js";
import { CLOUD_NODE } from "./hlc.js";
import { updateCloudProduct } from "./products.js";

/** What the owner reviews of one product and can put back: the fields a till could change. */
const REVIEWED_FIELDS = {
  sku: "sku",
  name: "name",
  price: "price",
  active: "active",
  barcodes: "barcodes",
  lowStockThreshold: "low_stock_threshold",
  ivaRate: "iva_rate",
  unit: "unit",
  scaleCode: "scale_code",
  categoryId: "category_id",
  // Exactly the contract's fields (a missing or extra one fails to compile), each a product field's column.
} as const satisfies Record<ContractField, string> & Partial<Record<keyof ProductValuesT, string>>;
type ReviewedField = keyof typeof REVIEWED_FIELDS;

export type { ProductOverwrite };

/**
 * A change to one store's product made by an appliance of ANOTHER store (possible before cloud 0005),
 * found in the change log: the log row of a store's product whose write time is the time of a batch
 * of product ops from an appliance of another store. `before` is the product as the log had it just
 * before. Shown until the owner reverts or keeps it.
 */
interface OverwriteRow {
  lsn: number | string;
  product_id: string;
  product_store: string;
  appliance_name: string;
  appliance_store: string;
  at: Date;
  after: Record<string, unknown>;
  before: Record<string, unknown> | null;
}

/**
 * A dashboard write in the same millisecond as an appliance's batch matches its time too: the clocks
 * it set tell them apart (every field it wrote carries the cloud's node id).
 */
function writtenByTheCloud(r: OverwriteRow): boolean {
  const after = (r.after.field_hlc ?? {}) as Record<string, string>;
  const before = (r.before?.field_hlc ?? {}) as Record<string, string>;
  const written = Object.keys(after).filter((f) => after[f] !== before[f]);
  return written.length > 0 && written.every((f) => after[f]!.endsWith(`-${CLOUD_NODE}`));
}

/** Every cross-store overwrite still waiting for the owner's decision, newest first. */
export async function listProductOverwrites(sql: Sql, tenantId: string): Promise<ProductOverwrite[]> {
  const rows = await sql.withTenant(tenantId, (q) =>
    q.query<OverwriteRow>(
      `SELECT DISTINCT ON (l.lsn) l.lsn, l.pk AS product_id, ps.name AS product_store, a.name AS appliance_name,
              ws.name AS appliance_store, ao.applied_at AS at, l.row AS after, prev.row AS before
         FROM shape_log l
         JOIN stores ps ON ps.id = (l.row ->> 'store_id')::uuid
         JOIN applied_ops ao ON ao.entity = 'product' AND ao.applied_at = (l.row ->> 'updated_at')::timestamptz
         JOIN appliances a ON a.id = ao.appliance_id AND a.store_id <> ps.id
         JOIN stores ws ON ws.id = a.store_id
         LEFT JOIN LATERAL (
           SELECT p.row FROM shape_log p
            WHERE p.table_name = 'products' AND p.pk = l.pk AND p.lsn < l.lsn AND p.store_id = ps.id
            ORDER BY p.lsn DESC LIMIT 1) prev ON true
        WHERE l.table_name = 'products' AND l.op = 'update' AND l.store_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM product_overwrite_reviews r WHERE r.lsn = l.lsn)
        ORDER BY l.lsn DESC
        LIMIT 200`,
    ),
  );
  return rows.flatMap((r) => {
    if (writtenByTheCloud(r)) return [];
    const changes = (Object.keys(REVIEWED_FIELDS) as ReviewedField[])
      .map((field) => {
        const column = REVIEWED_FIELDS[field];
        return { field, before: r.before?.[column] ?? null, after: r.after[column] ?? null };
      })
      .filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after));
    if (changes.length === 0) return [];
    return [
      {
        lsn: Number(r.lsn),
        productId: r.product_id,
        productStoreName: r.product_store,
        applianceName: r.appliance_name,
        applianceStoreName: r.appliance_store,
        at: r.at.toISOString(),
        changes,
      },
    ];
  });
}

/**
 * The owner's decision on one overwrite. "revert" writes the fields back as they were before it, as a
 * dashboard edit (its clock beats every earlier one, so the store's tills take the old values back);
 * a field changed again since then by someone else is left alone. "keep" only records the decision.
 */
export async function decideProductOverwrite(
  sql: Sql,
  owner: { tenantId: string; accountId: string },
  lsn: number,
  decision: "reverted" | "kept",
  clock: Clock,
): Promise<void> {
  const pending = (await listProductOverwrites(sql, owner.tenantId)).find((o) => o.lsn === lsn);
  if (!pending)
    throw new CloudError("not_found", "overwrite_not_found", "Ese cambio no existe o ya fue revisado");
  if (decision === "reverted") {
    const current = await sql.withTenant(owner.tenantId, (q) =>
      q.query<{ row: Record<string, unknown> }>("SELECT to_jsonb(p) AS row FROM products p WHERE id = $1", [
        pending.productId,
      ]),
    );
    const now = current[0]?.row ?? {};
    const patch = Object.fromEntries(
      pending.changes
        .filter((c) => JSON.stringify(now[REVIEWED_FIELDS[c.field]]) === JSON.stringify(c.after))
        .map((c) => [c.field, c.before]),
    ) as Partial<ProductValuesT>;
    if (Object.keys(patch).length > 0)
      await updateCloudProduct(sql, owner.tenantId, pending.productId, patch, clock);
  }
  await sql.withTenant(owner.tenantId, (q) =>
    q.query(
      `INSERT INTO product_overwrite_reviews (tenant_id, lsn, product_id, decision, decided_at, decided_by)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id, lsn) DO NOTHING`,
      [owner.tenantId, lsn, pending.productId, decision, clock.now(), owner.accountId],
    ),
  );
}
