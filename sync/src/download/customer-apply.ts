import type { ChangeMessage, Row } from "@electric-sql/client";
import { nameKey } from "@mostrador/contracts/search-key";
import { CUSTOMER_FIELD_NAMES, type CustomerField } from "@mostrador/contracts/sync/customers";
import { isoNow, type Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { observeHlc } from "./appliance-hlc.js";
import { recordReject } from "./rejects.js";

/** The field → column map of the appliance's customers table (desktop 0020). */
const COLUMN: Record<CustomerField, string> = {
  name: "name",
  docType: "doc_type",
  docNumber: "doc_number",
  ivaCondition: "iva_condition",
  phone: "phone",
  email: "email",
  birthday: "birthday",
  notes: "notes",
  tags: "tags",
  loyaltyCode: "loyalty_code",
};

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function fromCloud(row: Row): Record<CustomerField, string | null> {
  return {
    name: text(row.name) ?? "",
    docType: text(row.doc_type),
    docNumber: text(row.doc_number),
    ivaCondition: text(row.iva_condition) ?? "consumidor_final",
    phone: text(row.phone),
    email: text(row.email),
    birthday: text(row.birthday),
    notes: text(row.notes),
    tags: JSON.stringify(Array.isArray(row.tags) ? row.tags : []),
    loyaltyCode: text(row.loyalty_code),
  };
}

/**
 * Delete on request, arriving from the cloud (the owner erased the customer, or another store did): the
 * same as desktop/src/customers/erase.ts does at the till, without an outbox entry of its own — the
 * personal fields nulled, their clocks dropped, and every outbox payload about the customer redacted.
 */
function eraseHere(ctx: Ctx, id: string, erasedAt: string, keptDocNumber: string | null, at: string): void {
  stmt(
    ctx.db,
    `UPDATE customers SET name = '', name_key = '', phone = NULL, email = NULL, birthday = NULL, notes = NULL,
       tags = '[]', loyalty_code = NULL, erased_at = ?, updated_at = ?,
       doc_type = CASE WHEN ? IS NULL THEN NULL ELSE doc_type END,
       doc_number = CASE WHEN ? IS NULL THEN NULL ELSE ? END
     WHERE id = ?`,
  ).run(erasedAt, at, keptDocNumber, keptDocNumber, keptDocNumber, id);
  stmt(ctx.db, "DELETE FROM customer_field_clocks WHERE customer_id = ?").run(id);
  stmt(
    ctx.db,
    `UPDATE outbox SET payload = json_set(payload, '$.name', '', '$.tags', json('[]'), '$.phone', NULL,
       '$.email', NULL, '$.birthday', NULL, '$.notes', NULL, '$.loyaltyCode', NULL,
       '$.docType', CASE WHEN ? IS NULL THEN NULL ELSE json_extract(payload, '$.docType') END,
       '$.docNumber', CASE WHEN ? IS NULL THEN NULL ELSE json_extract(payload, '$.docNumber') END)
     WHERE entity = 'customer' AND entity_id = ? AND op IN ('created', 'updated')`,
  ).run(keptDocNumber, keptDocNumber, id);
}

/**
 * Applies one batch of the `customers` shape (every customer of the tenant: tenant scope). Per field,
 * the cloud's value is taken unless this appliance's own edit of it has a newer clock (not uploaded
 * yet, or uploaded and still the latest): the same last-writer-wins as products. merged_into and
 * erased_at are the cloud's to decide and are applied as they come. Plain SQL, never desktop's write
 * functions, so nothing goes back up (no echo). A row this appliance cannot take (its loyalty code is
 * another local customer's) is parked in download_rejects; the batch goes on.
 */
export function applyCustomerMessages(
  ctx: Ctx,
  messages: ChangeMessage<Row>[],
  _fromScratch: boolean,
): string[] {
  const at = isoNow(ctx);
  const ids: string[] = [];
  for (const m of messages) {
    if (m.headers.operation === "delete") continue; // customers are erased, never deleted
    const row = m.value;
    const id = String(row.id);
    const clocks = (row.field_hlc ?? {}) as Partial<Record<CustomerField, string>>;
    for (const hlc of Object.values(clocks)) if (hlc) observeHlc(ctx.db, hlc);
    try {
      ctx.db.transaction(() => applyOne(ctx, id, row, clocks, at))();
      ids.push(id);
    } catch (err) {
      recordReject(ctx, "customers", id, (err as Error).message, row, at);
    }
  }
  return ids;
}

function applyOne(
  ctx: Ctx,
  id: string,
  row: Row,
  clocks: Partial<Record<CustomerField, string>>,
  at: string,
): void {
  const cloud = fromCloud(row);
  const exists = stmt(ctx.db, "SELECT erased_at AS erasedAt FROM customers WHERE id = ?").get(id) as
    { erasedAt: string | null } | undefined;
  const mergedInto = text(row.merged_into);
  if (!exists) {
    // The survivor must exist before a record points at it: a placeholder if it has not arrived yet.
    if (mergedInto) ensureRow(ctx, mergedInto, at);
    stmt(
      ctx.db,
      `INSERT INTO customers (id, name, name_key, doc_type, doc_number, iva_condition, phone, email, birthday, notes,
         tags, loyalty_code, born_at, merged_into, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      cloud.name,
      nameKey(cloud.name ?? ""),
      cloud.docType,
      cloud.docNumber,
      cloud.ivaCondition,
      cloud.phone,
      cloud.email,
      cloud.birthday,
      cloud.notes,
      cloud.tags,
      cloud.loyaltyCode,
      text(row.born_at) ?? "cloud",
      mergedInto,
      text(row.created_at) ?? at,
      at,
    );
  } else if (!exists.erasedAt) {
    const local = Object.fromEntries(
      (
        stmt(ctx.db, "SELECT field, hlc FROM customer_field_clocks WHERE customer_id = ?").all(id) as {
          field: CustomerField;
          hlc: string;
        }[]
      ).map((c) => [c.field, c.hlc]),
    ) as Partial<Record<CustomerField, string>>;
    // The cloud's value unless this appliance's own edit of the field is newer.
    const take = CUSTOMER_FIELD_NAMES.filter((f) => (local[f] ?? "") <= (clocks[f] ?? ""));
    // The document's type and number travel together (the table's CHECK).
    const set = take.filter((f) => f !== "docType" || take.includes("docNumber"));
    if (set.includes("docNumber") && !set.includes("docType")) set.push("docType");
    if (mergedInto) ensureRow(ctx, mergedInto, at);
    const assignments = set.map((f) => `${COLUMN[f]} = ?`);
    stmt(
      ctx.db,
      `UPDATE customers SET ${[...assignments, "name_key = ?", "merged_into = ?", "updated_at = ?"].join(", ")}
        WHERE id = ?`,
    ).run(
      ...set.map((f) => cloud[f]),
      nameKey(set.includes("name") ? (cloud.name ?? "") : currentName(ctx, id)),
      mergedInto,
      at,
      id,
    );
  }
  const upsert = stmt(
    ctx.db,
    `INSERT INTO customer_field_clocks (customer_id, field, hlc) VALUES (?, ?, ?)
     ON CONFLICT (customer_id, field) DO UPDATE SET hlc = excluded.hlc WHERE excluded.hlc > customer_field_clocks.hlc`,
  );
  for (const [f, hlc] of Object.entries(clocks)) if (hlc) upsert.run(id, f, hlc);
  const erasedAt = text(row.erased_at);
  if (erasedAt && !exists?.erasedAt) eraseHere(ctx, id, erasedAt, cloud.docNumber, at);
}

function currentName(ctx: Ctx, id: string): string {
  const r = stmt(ctx.db, "SELECT name FROM customers WHERE id = ?").get(id) as { name: string } | undefined;
  return r?.name ?? "";
}

/** A customer known only by id so far (a merge's survivor whose row comes later in the stream). */
function ensureRow(ctx: Ctx, id: string, at: string): void {
  stmt(
    ctx.db,
    `INSERT OR IGNORE INTO customers (id, name, name_key, born_at, created_at, updated_at)
     VALUES (?, '', '', 'cloud', ?, ?)`,
  ).run(id, at, at);
}
