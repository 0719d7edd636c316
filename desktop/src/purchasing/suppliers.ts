import { cuitProblem, normalizeCuit } from "@mostrador/contracts/cuit";
import type { Supplier, SupplierInput, SupplierPatch } from "@mostrador/contracts/http/purchasing";
import {
  LEAD_TIME_DAYS_MAX,
  SUPPLIER_NAME_MAX,
  SUPPLIER_NOTES_MAX,
} from "@mostrador/contracts/http/purchasing";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";

const invalid = (code: string, message: string) => new DomainError("invalid", code, message);
const DEFAULT_LEAD_TIME_DAYS = 7;

const SELECT = `SELECT id, name, cuit, contact, phone, email, payment_terms AS paymentTerms,
  lead_time_days AS leadTimeDays, notes, active FROM suppliers`;

type Row = Omit<Supplier, "active"> & { active: number };
const toSupplier = (r: Row): Supplier => ({ ...r, active: r.active === 1 });

function supplierById(db: Db, id: string): Supplier | null {
  const row = stmt(db, `${SELECT} WHERE id = ?`).get(id) as Row | undefined;
  return row ? toSupplier(row) : null;
}

export function getSupplier(ctx: Ctx, id: string): Supplier {
  const s = supplierById(ctx.db, id);
  if (!s) throw new DomainError("not_found", "supplier_not_found", "El proveedor no existe");
  return s;
}

export function listSuppliers(ctx: Ctx): Supplier[] {
  return (ctx.db.prepare(`${SELECT} ORDER BY active DESC, name COLLATE NOCASE`).all() as Row[]).map(
    toSupplier,
  );
}

/** Empty and blank text is stored as null, so "" never hides a missing value. */
const clean = (text: string | null | undefined): string | null => {
  const t = typeof text === "string" ? text.trim() : "";
  return t === "" ? null : t;
};

function checked(input: SupplierInput): Omit<Supplier, "id"> {
  const name = clean(input.name);
  if (!name || name.length > SUPPLIER_NAME_MAX)
    throw invalid(
      "invalid_name",
      `El nombre del proveedor es obligatorio (hasta ${SUPPLIER_NAME_MAX} caracteres)`,
    );
  const cuitText = clean(input.cuit);
  let cuit: string | null = null;
  if (cuitText) {
    const problem = cuitProblem(cuitText);
    if (problem === "format") throw invalid("invalid_cuit", "El CUIT debe tener 11 dígitos (XX-XXXXXXXX-X)");
    if (problem === "check_digit")
      throw invalid("invalid_cuit", "El CUIT no es válido: revisá el dígito verificador");
    cuit = normalizeCuit(cuitText);
  }
  const email = clean(input.email);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw invalid("invalid_email", "El correo electrónico no es válido");
  const leadTimeDays = input.leadTimeDays ?? DEFAULT_LEAD_TIME_DAYS;
  if (!Number.isInteger(leadTimeDays) || leadTimeDays < 1 || leadTimeDays > LEAD_TIME_DAYS_MAX)
    throw invalid("invalid_lead_time", `La demora de entrega debe ser de 1 a ${LEAD_TIME_DAYS_MAX} días`);
  const notes = clean(input.notes);
  if (notes && notes.length > SUPPLIER_NOTES_MAX)
    throw invalid("invalid_notes", `Las notas admiten hasta ${SUPPLIER_NOTES_MAX} caracteres`);
  return {
    name,
    cuit,
    contact: clean(input.contact),
    phone: clean(input.phone),
    email,
    paymentTerms: clean(input.paymentTerms),
    leadTimeDays,
    notes,
    active: input.active ?? true,
  };
}

function refuseDuplicateCuit(db: Db, cuit: string | null, exceptId: string | null): void {
  if (!cuit) return;
  const other = stmt(db, "SELECT id FROM suppliers WHERE cuit = ? AND id IS NOT ?").get(cuit, exceptId);
  if (other) throw new DomainError("conflict", "duplicate_cuit", `Ya hay un proveedor con el CUIT ${cuit}`);
}

function enqueueSupplier(db: Db, s: Supplier, op: "created" | "updated", at: string): void {
  enqueueOutbox(db, { entity: "supplier", entityId: s.id, op, payload: { ...s, at }, at });
}

export function createSupplier(ctx: Ctx, input: SupplierInput): Supplier {
  const fields = checked(input);
  return ctx.db.transaction(() => {
    refuseDuplicateCuit(ctx.db, fields.cuit, null);
    const id = newId();
    const at = isoNow(ctx);
    stmt(
      ctx.db,
      `INSERT INTO suppliers (id, name, cuit, contact, phone, email, payment_terms, lead_time_days, notes, active, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      fields.name,
      fields.cuit,
      fields.contact,
      fields.phone,
      fields.email,
      fields.paymentTerms,
      fields.leadTimeDays,
      fields.notes,
      fields.active ? 1 : 0,
      at,
      at,
    );
    const supplier = getSupplier(ctx, id);
    enqueueSupplier(ctx.db, supplier, "created", at);
    return supplier;
  })();
}

/** A patch over the current supplier: what is left out keeps its value; null clears an optional field. */
export function updateSupplier(ctx: Ctx, id: string, patch: SupplierPatch): Supplier {
  return ctx.db.transaction(() => {
    const current = getSupplier(ctx, id);
    const fields = checked({ ...current, ...patch } as SupplierInput);
    refuseDuplicateCuit(ctx.db, fields.cuit, id);
    const at = isoNow(ctx);
    stmt(
      ctx.db,
      `UPDATE suppliers SET name = ?, cuit = ?, contact = ?, phone = ?, email = ?, payment_terms = ?,
         lead_time_days = ?, notes = ?, active = ?, updated_at = ? WHERE id = ?`,
    ).run(
      fields.name,
      fields.cuit,
      fields.contact,
      fields.phone,
      fields.email,
      fields.paymentTerms,
      fields.leadTimeDays,
      fields.notes,
      fields.active ? 1 : 0,
      at,
      id,
    );
    const supplier = getSupplier(ctx, id);
    enqueueSupplier(ctx.db, supplier, "updated", at);
    return supplier;
  })();
}
