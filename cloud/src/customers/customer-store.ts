import type { CustomerFields } from "@mostrador/contracts/customer-fields";
import { CUSTOMER_FIELD_NAMES, type CustomerField } from "@mostrador/contracts/sync/customers";
import type { Queryable } from "../db/sql.js";

/**
 * The cloud's customers (tenant scope) and the two rules that make records born at several places
 * converge (docs/sync-protocol.md, "Customers"):
 *
 * 1. One record, edited at several places: per-field last-writer-wins by hybrid logical clock, as products.
 * 2. The same person created at two places (the same document; or the same phone when neither has a
 *    document): one merge group. The survivor is the member with the smallest id (UUIDv7: the earliest
 *    born), every other member gets merged_into = survivor, and each of the survivor's fields is the
 *    group's best value: a set value beats an empty one, and between set values the newer clock wins
 *    (the loyalty card excepted: each record keeps its own, and a merged record's card finds the survivor).
 *    That choice is commutative, associative and idempotent, so the result does not depend on the order
 *    records and edits arrive in.
 */

export interface CustomerRow extends CustomerFields {
  id: string;
  bornAt: string;
  mergedInto: string | null;
  erasedAt: string | null;
  fieldHlc: Partial<Record<CustomerField, string>>;
  contactId: string | null;
  createdAt: string;
  updatedAt: string;
}

const SELECT = `SELECT id, name, doc_type AS "docType", doc_number AS "docNumber", iva_condition AS "ivaCondition",
  phone, email, birthday, notes, tags, loyalty_code AS "loyaltyCode", born_at AS "bornAt",
  merged_into AS "mergedInto", erased_at AS "erasedAt", field_hlc AS "fieldHlc", contact_id AS "contactId",
  created_at AS "createdAt", updated_at AS "updatedAt" FROM customers`;

type DbRow = Omit<CustomerRow, "erasedAt" | "createdAt" | "updatedAt"> & {
  erasedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};
const toRow = (r: DbRow): CustomerRow => ({
  ...r,
  erasedAt: r.erasedAt ? r.erasedAt.toISOString() : null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** One writer of a tenant's customers at a time: a merge reads and writes the whole group. */
export async function lockCustomers(q: Queryable, tenantId: string): Promise<void> {
  await q.query("SELECT pg_advisory_xact_lock(84300013, hashtext($1))", [tenantId]);
}

export async function customerRow(q: Queryable, id: string): Promise<CustomerRow | null> {
  const rows = await q.query<DbRow>(`${SELECT} WHERE id = $1`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function listCustomerRows(q: Queryable, search: string, limit: number): Promise<CustomerRow[]> {
  const text = search.trim().toLowerCase();
  const digits = text.replace(/\D/g, "");
  const rows = await q.query<DbRow>(
    `${SELECT} WHERE merged_into IS NULL AND erased_at IS NULL
       AND ($1 = '' OR lower(name) LIKE '%' || $1 || '%' OR ($2 <> '' AND (doc_number LIKE $2 || '%'
            OR phone LIKE '%' || $2 || '%')) OR loyalty_code = $3)
     ORDER BY updated_at DESC LIMIT $4`,
    [text, digits.length >= 4 ? digits : "", search.trim(), limit],
  );
  return rows.map(toRow);
}

const empty = (v: unknown) =>
  v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);

/** Writes a customer row as it now is (insert or replace); the shape log trigger sends it down. */
export async function saveCustomerRow(q: Queryable, tenantId: string, c: CustomerRow): Promise<void> {
  await q.query(
    `INSERT INTO customers (tenant_id, id, store_id, name, doc_type, doc_number, iva_condition, phone, email, birthday,
       notes, tags, loyalty_code, born_at, merged_into, erased_at, field_hlc, contact_id, created_at, updated_at)
     VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     ON CONFLICT (tenant_id, id) DO UPDATE SET name = excluded.name, doc_type = excluded.doc_type,
       doc_number = excluded.doc_number, iva_condition = excluded.iva_condition, phone = excluded.phone,
       email = excluded.email, birthday = excluded.birthday, notes = excluded.notes, tags = excluded.tags,
       loyalty_code = excluded.loyalty_code, merged_into = excluded.merged_into, erased_at = excluded.erased_at,
       field_hlc = excluded.field_hlc, contact_id = excluded.contact_id, updated_at = excluded.updated_at`,
    [
      tenantId,
      c.id,
      c.name,
      c.docType,
      c.docNumber,
      c.ivaCondition,
      c.phone,
      c.email,
      c.birthday,
      c.notes,
      JSON.stringify(c.tags),
      c.loyaltyCode,
      c.bornAt,
      c.mergedInto,
      c.erasedAt,
      JSON.stringify(c.fieldHlc),
      c.contactId,
      c.createdAt,
      c.updatedAt,
    ],
  );
}

const sameRow = (a: CustomerRow, b: CustomerRow) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One write of some fields, each with its clock: a field is replaced only by a newer clock (rule 1). An
 * erased customer takes no personal data again, whatever arrives late. Returns the row as it now is.
 */
export function mergeFieldWrites(
  current: CustomerRow,
  values: Partial<CustomerFields>,
  clocks: Partial<Record<CustomerField, string>>,
): CustomerRow {
  if (current.erasedAt) return current;
  const next: CustomerRow = { ...current, fieldHlc: { ...current.fieldHlc } };
  for (const f of CUSTOMER_FIELD_NAMES) {
    const clock = clocks[f];
    if (clock === undefined || !(f in values)) continue;
    const had = current.fieldHlc[f];
    if (had !== undefined && had >= clock) continue;
    (next as unknown as Record<string, unknown>)[f] = values[f];
    next.fieldHlc[f] = clock;
  }
  // The document's type travels with its number: one without the other would break the row's CHECK.
  if ((next.docType === null) !== (next.docNumber === null)) {
    next.docType = current.docType;
    next.docNumber = current.docNumber;
  }
  return next;
}

/** The group's best value of each field (rule 2): set beats empty, then newer clock, then smaller id. */
function bestOf(members: CustomerRow[]): Pick<CustomerRow, CustomerField | "fieldHlc"> {
  const out = { fieldHlc: {} } as Pick<CustomerRow, CustomerField | "fieldHlc">;
  for (const f of CUSTOMER_FIELD_NAMES) {
    if (f === "docType") continue; // follows docNumber
    // Each record keeps its own card: a card of a merged record attaches the survivor (one code, one
    // row, as the appliance's UNIQUE loyalty_code requires).
    if (f === "loyaltyCode") {
      const own = members.find((m) => m.id === members.map((x) => x.id).sort()[0]);
      out.loyaltyCode = own?.loyaltyCode ?? null;
      if (own?.fieldHlc.loyaltyCode) out.fieldHlc.loyaltyCode = own.fieldHlc.loyaltyCode;
      continue;
    }
    let best: CustomerRow | undefined;
    for (const m of members) {
      if (!best) {
        best = m;
        continue;
      }
      const [mEmpty, bEmpty] = [empty(m[f]), empty(best[f])];
      const [mClock, bClock] = [m.fieldHlc[f] ?? "", best.fieldHlc[f] ?? ""];
      if (
        (bEmpty && !mEmpty) ||
        (bEmpty === mEmpty && (mClock > bClock || (mClock === bClock && m.id < best.id)))
      )
        best = m;
    }
    if (!best) continue;
    (out as unknown as Record<string, unknown>)[f] = best[f];
    // The survivor's clock is the newest any member has for the field: a till that wrote one of the
    // losing values (older, or empty) then takes the chosen value by plain last-writer-wins.
    const newest = (g: CustomerField) =>
      members.map((m) => m.fieldHlc[g] ?? "").reduce((a, b) => (b > a ? b : a), "");
    if (f === "docNumber") {
      out.docType = best.docType;
      if (newest("docType")) out.fieldHlc.docType = newest("docType");
    }
    if (newest(f)) out.fieldHlc[f] = newest(f);
  }
  return out;
}

/**
 * Rule 2 around one record just written: its group (records with its document, or its phone when
 * neither has a document, and everything already merged into any of them) gets one survivor. Every row
 * that changes is written (and so sent down); returns the survivor's id.
 */
export async function settleMergeGroup(
  q: Queryable,
  tenantId: string,
  written: CustomerRow,
  nowIso: string,
): Promise<string> {
  const root = written.mergedInto ?? written.id;
  const rootRow = root === written.id ? written : await customerRow(q, root);
  if (!rootRow || rootRow.erasedAt || written.erasedAt) return root;
  const key = rootRow.docNumber ? rootRow : written.docNumber ? written : rootRow;
  const matches = await q.query<{ id: string }>(
    `SELECT id FROM customers WHERE merged_into IS NULL AND erased_at IS NULL AND id <> $1 AND (
        ($2::text IS NOT NULL AND doc_type = $3 AND doc_number = $2)
        OR ($2::text IS NULL AND $4::text IS NOT NULL AND doc_number IS NULL AND phone = $4))`,
    [root, key.docNumber, key.docType, key.docNumber ? null : key.phone],
  );
  const roots = [root, ...matches.map((m) => m.id)];
  const members = (
    await q.query<DbRow>(`${SELECT} WHERE erased_at IS NULL AND (id = ANY($1) OR merged_into = ANY($1))`, [
      roots,
    ])
  ).map(toRow);
  if (members.length < 2) return root;
  const survivorId = members.map((m) => m.id).sort()[0]!;
  const survivor = members.find((m) => m.id === survivorId)!;
  const best = bestOf(members);
  for (const m of members) {
    const next: CustomerRow =
      m.id === survivorId
        ? {
            ...survivor,
            ...best,
            mergedInto: null,
            contactId: survivor.contactId ?? members.find((x) => x.contactId)?.contactId ?? null,
          }
        : { ...m, mergedInto: survivorId };
    if (!sameRow(next, m)) await saveCustomerRow(q, tenantId, { ...next, updatedAt: nowIso });
  }
  return survivorId;
}

/** Every record of the person `id` belongs to: its survivor and all merged into it. */
export async function groupOf(q: Queryable, id: string): Promise<CustomerRow[]> {
  const row = await customerRow(q, id);
  if (!row) return [];
  const root = row.mergedInto ?? row.id;
  return (await q.query<DbRow>(`${SELECT} WHERE id = $1 OR merged_into = $1`, [root])).map(toRow);
}
