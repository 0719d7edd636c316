import type {
  ConsentState,
  Customer,
  CustomerInput,
  CustomerPatch,
  CustomerSearch,
} from "@mostrador/contracts/http/customers";
import { nameKey } from "@mostrador/contracts/search-key";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { checkedCustomer, type CustomerFields } from "@mostrador/contracts/customer-fields";
import { stampChangedFields } from "./field-clock.js";

const SELECT = `SELECT id, name, doc_type AS docType, doc_number AS docNumber, iva_condition AS ivaCondition,
  phone, email, birthday, notes, tags, loyalty_code AS loyaltyCode, born_at AS bornAt,
  merged_into AS mergedInto, erased_at AS erasedAt, created_at AS createdAt, updated_at AS updatedAt
  FROM customers`;

type Row = Omit<Customer, "tags" | "consent"> & { tags: string };

const CONSENT = `SELECT c.channel, c.granted, c.at, c.source, c.staff_id AS staffId, s.name AS staffName
  FROM customer_consents c LEFT JOIN staff s ON s.id = c.staff_id
  WHERE c.customer_id = ? AND c.at = (SELECT max(at) FROM customer_consents l
    WHERE l.customer_id = c.customer_id AND l.channel = c.channel)
  ORDER BY c.channel`;

function consentOf(db: Db, id: string): ConsentState[] {
  const rows = stmt(db, CONSENT).all(id) as (Omit<ConsentState, "granted"> & { granted: number })[];
  return rows.map((r) => ({ ...r, granted: r.granted === 1 }));
}

function toCustomer(db: Db, r: Row): Customer {
  return { ...r, tags: JSON.parse(r.tags) as string[], consent: consentOf(db, r.id) };
}

export function customerById(db: Db, id: string): Customer | null {
  const row = stmt(db, `${SELECT} WHERE id = ?`).get(id) as Row | undefined;
  return row ? toCustomer(db, row) : null;
}

export function getCustomer(ctx: Ctx, id: string): Customer {
  const c = customerById(ctx.db, id);
  if (!c) throw new DomainError("not_found", "customer_not_found", "El cliente no existe");
  return c;
}

const fieldsOf = (c: Customer): CustomerFields => ({
  name: c.name,
  docType: c.docType,
  docNumber: c.docNumber,
  ivaCondition: c.ivaCondition,
  phone: c.phone,
  email: c.email,
  birthday: c.birthday,
  notes: c.notes,
  tags: c.tags,
  loyaltyCode: c.loyaltyCode,
});

/** Escapes LIKE's wildcards, so a search for "50%" looks for those characters. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * By name (every word, accents ignored), document (digits), phone (its digits inside the E.164 form) or
 * loyalty code (exact). Merged and erased customers are never offered.
 */
export function searchCustomers(ctx: Ctx, query: CustomerSearch): Customer[] {
  const limit = query.limit ?? 30;
  const q = (query.q ?? "").trim();
  const live = "merged_into IS NULL AND erased_at IS NULL";
  if (!q) {
    const rows = stmt(ctx.db, `${SELECT} WHERE ${live} ORDER BY updated_at DESC LIMIT ?`).all(limit) as Row[];
    return rows.map((r) => toCustomer(ctx.db, r));
  }
  const words = nameKey(q).split(/\s+/).filter(Boolean).slice(0, 6);
  const digits = q.replace(/[^\d]/g, "");
  const byName = words.map(() => "name_key LIKE ? ESCAPE '\\'").join(" AND ");
  const params: (string | number)[] = words.map((w) => `%${likeEscaped(w)}%`);
  let where = `(${byName})`;
  if (digits.length >= 4) {
    where += " OR doc_number LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\'";
    params.push(`${digits}%`, `%${digits}%`);
  }
  where += " OR loyalty_code = ?";
  params.push(q);
  const rows = stmt(
    ctx.db,
    `${SELECT} WHERE ${live} AND (${where}) ORDER BY (loyalty_code = ?) DESC, name_key LIMIT ?`,
  ).all(...params, q, limit) as Row[];
  return rows.map((r) => toCustomer(ctx.db, r));
}

/**
 * The customer whose loyalty card or QR carries `code`, or null (the till then looks for a product). A
 * card of a record merged into another (the same person born at two places) attaches the survivor.
 */
export function customerByLoyaltyCode(ctx: Ctx, code: string): Customer | null {
  const row = stmt(ctx.db, `${SELECT} WHERE loyalty_code = ? AND erased_at IS NULL`).get(code.trim()) as
    Row | undefined;
  if (!row) return null;
  if (!row.mergedInto) return toCustomer(ctx.db, row);
  const survivor = customerById(ctx.db, row.mergedInto);
  return survivor && !survivor.erasedAt && !survivor.mergedInto ? survivor : null;
}

const docLabel = (t: string) => (t === "dni" ? "DNI" : t === "passport" ? "pasaporte" : t.toUpperCase());

/** One document and one loyalty code per person in this appliance: the refusal names who has it. */
function refuseDuplicates(db: Db, f: CustomerFields, exceptId: string | null): void {
  if (f.docNumber) {
    const other = stmt(
      db,
      "SELECT name FROM customers WHERE doc_number = ? AND id IS NOT ? AND merged_into IS NULL AND erased_at IS NULL",
    ).get(f.docNumber, exceptId) as { name: string } | undefined;
    if (other)
      throw new DomainError(
        "conflict",
        "duplicate_document",
        `El ${docLabel(f.docType ?? "dni")} ${f.docNumber} ya es de ${other.name}`,
        { existing: other.name },
      );
  }
  if (f.loyaltyCode) {
    const other = stmt(db, "SELECT name FROM customers WHERE loyalty_code = ? AND id IS NOT ?").get(
      f.loyaltyCode,
      exceptId,
    ) as { name: string } | undefined;
    if (other)
      throw new DomainError(
        "conflict",
        "duplicate_loyalty_code",
        `La tarjeta ${f.loyaltyCode} ya es de ${other.name}`,
        { existing: other.name },
      );
  }
}

/** Where this appliance's customers are born: its store once paired with the cloud (sync_credentials). */
function bornAt(db: Db): string {
  const row = stmt(db, "SELECT store_id AS storeId FROM sync_credentials WHERE id = 1").get() as
    { storeId: string } | undefined;
  return row?.storeId ?? "local";
}

function today(ctx: Ctx): string {
  return dayKeyIn(ctx.clock.now(), getSettings(ctx.db).timeZone);
}

export function enqueueCustomer(
  db: Db,
  c: Customer,
  op: "created" | "updated",
  fieldHlc: Record<string, string>,
  at: string,
): void {
  const { consent: _consent, createdAt: _c, updatedAt: _u, ...rest } = c;
  enqueueOutbox(db, { entity: "customer", entityId: c.id, op, payload: { ...rest, at, fieldHlc }, at });
}

/** Quick create at the till (a name is enough) or the full form; any logged-in staff may. */
export function createCustomer(ctx: Ctx, input: CustomerInput): Customer {
  const fields = checkedCustomer(input, today(ctx));
  return ctx.db.transaction(() => {
    refuseDuplicates(ctx.db, fields, null);
    const id = newId();
    const at = isoNow(ctx);
    stmt(
      ctx.db,
      `INSERT INTO customers (id, name, name_key, doc_type, doc_number, iva_condition, phone, email, birthday,
         notes, tags, loyalty_code, born_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      fields.name,
      nameKey(fields.name),
      fields.docType,
      fields.docNumber,
      fields.ivaCondition,
      fields.phone,
      fields.email,
      fields.birthday,
      fields.notes,
      JSON.stringify(fields.tags),
      fields.loyaltyCode,
      bornAt(ctx.db),
      at,
      at,
    );
    const fieldHlc = stampChangedFields(ctx.db, id, null, fields, at);
    const customer = getCustomer(ctx, id);
    enqueueCustomer(ctx.db, customer, "created", fieldHlc, at);
    return customer;
  })();
}

function refuseGone(c: Customer): void {
  if (c.erasedAt)
    throw new DomainError("conflict", "customer_erased", "Ese cliente fue borrado a pedido suyo");
  if (c.mergedInto)
    throw new DomainError(
      "conflict",
      "customer_merged",
      "Ese cliente se unificó con otro registro de la misma persona: buscalo de nuevo",
      { mergedInto: c.mergedInto },
    );
}

/** A patch over the current customer: what is left out keeps its value; null clears an optional field. */
export function updateCustomer(ctx: Ctx, id: string, patch: CustomerPatch): Customer {
  return ctx.db.transaction(() => {
    const current = getCustomer(ctx, id);
    refuseGone(current);
    const before = fieldsOf(current);
    const merged = { ...before, ...patch } as CustomerInput;
    // A new number without a type is typed again from its digits.
    if (patch.docNumber !== undefined && patch.docType === undefined) merged.docType = null;
    const fields = checkedCustomer(merged, today(ctx));
    refuseDuplicates(ctx.db, fields, id);
    const at = isoNow(ctx);
    const fieldHlc = stampChangedFields(ctx.db, id, before, fields, at);
    if (Object.keys(fieldHlc).length === 0) return current;
    stmt(
      ctx.db,
      `UPDATE customers SET name = ?, name_key = ?, doc_type = ?, doc_number = ?, iva_condition = ?, phone = ?,
         email = ?, birthday = ?, notes = ?, tags = ?, loyalty_code = ?, updated_at = ? WHERE id = ?`,
    ).run(
      fields.name,
      nameKey(fields.name),
      fields.docType,
      fields.docNumber,
      fields.ivaCondition,
      fields.phone,
      fields.email,
      fields.birthday,
      fields.notes,
      JSON.stringify(fields.tags),
      fields.loyaltyCode,
      at,
      id,
    );
    const customer = getCustomer(ctx, id);
    enqueueCustomer(ctx.db, customer, "updated", fieldHlc, at);
    return customer;
  })();
}

/**
 * The customer a sale names, checked inside the sale's transaction: unknown, merged or erased customers
 * are refused (the till attached them before the change reached it).
 */
export function customerForSale(db: Db, id: string): { id: string; name: string } {
  const c = customerById(db, id);
  if (!c) throw new DomainError("invalid", "customer_not_found", "El cliente de la venta no existe");
  refuseGone(c);
  return { id: c.id, name: c.name };
}
