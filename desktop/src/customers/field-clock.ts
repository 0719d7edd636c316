import { CUSTOMER_FIELD_NAMES, type CustomerField } from "@mostrador/contracts/sync/customers";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import type { CustomerFields } from "@mostrador/contracts/customer-fields";

/**
 * Per-field hybrid logical clocks for customer edits, drawn from the appliance's one HLC (`hlc_state`,
 * sync's 0010, the same clock products use), so a customer edit made after seeing a cloud edit always
 * beats it. Only the fields an edit changed get a new clock; the cloud merges field by field.
 */
export function nextHlc(db: Db, at: string): string {
  const ms = Date.parse(at);
  stmt(
    db,
    `UPDATE hlc_state SET counter = CASE WHEN ? > wall THEN 0 ELSE counter + 1 END, wall = max(wall, ?)
      WHERE id = 1`,
  ).run(ms, ms);
  const row = stmt(
    db,
    "SELECT printf('%015d-%05d-%s', wall, counter, node) AS hlc FROM hlc_state WHERE id = 1",
  ).get() as { hlc: string } | undefined;
  if (!row) throw new Error("hlc_state has no row");
  return row.hlc;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Stamps the fields that differ between `before` (null: a new customer) and `after`; returns field → clock. */
export function stampChangedFields(
  db: Db,
  customerId: string,
  before: CustomerFields | null,
  after: CustomerFields,
  at: string,
): Partial<Record<CustomerField, string>> {
  const changed = CUSTOMER_FIELD_NAMES.filter((f) => !before || !same(before[f], after[f]));
  if (changed.length === 0) return {};
  const hlc = nextHlc(db, at);
  const upsert = stmt(
    db,
    `INSERT INTO customer_field_clocks (customer_id, field, hlc) VALUES (?, ?, ?)
     ON CONFLICT (customer_id, field) DO UPDATE SET hlc = excluded.hlc`,
  );
  for (const f of changed) upsert.run(customerId, f, hlc);
  return Object.fromEntries(changed.map((f) => [f, hlc]));
}
