import type { SupplierInput } from "@mostrador/contracts/http/purchasing";
import type { ImportResult } from "@mostrador/contracts/http/spreadsheets";
import { normalizeCuit } from "@mostrador/contracts/cuit";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { createSupplier, listSuppliers, updateSupplier } from "../purchasing/suppliers.js";
import type { Table } from "./read-table.js";
import { RowErrors, sheetRows } from "./row-check.js";
import { fold, type Mapping } from "./sheet-mapping.js";

const TEXT_FIELDS = ["name", "cuit", "contact", "phone", "email", "paymentTerms", "notes"] as const;

/**
 * Suppliers: a row whose CUIT (or, without one, whose name) matches a supplier updates it, any other
 * creates one, through purchasing's own writes (validation, outbox). One transaction: a refused row
 * (its field named) rolls back every row; a dry run always rolls back.
 */
export function importSuppliers(
  ctx: Ctx,
  table: Table,
  mapping: Mapping,
  options: { dryRun: boolean },
): ImportResult {
  const errors = new RowErrors(table.headers);
  const known = listSuppliers(ctx);
  const byCuit = new Map(known.flatMap((s) => (s.cuit ? [[s.cuit, s.id] as const] : [])));
  const byName = new Map(known.map((s) => [fold(s.name), s.id]));
  const seen = new Map<string, number>();
  let created = 0;
  let updated = 0;
  let rows = 0;
  const rollback = new Error("dry run");
  try {
    ctx.db.transaction(() => {
      for (const row of sheetRows(table, mapping, errors)) {
        const fields: Record<string, string | number | null> = { name: "" };
        for (const f of TEXT_FIELDS) if (row.has(f)) fields[f] = row.text(f) ?? (f === "name" ? "" : null);
        const input = fields as unknown as SupplierInput;
        if (row.has("leadTimeDays")) {
          const t = row.text("leadTimeDays");
          if (t !== null) input.leadTimeDays = /^\d+$/.test(t) ? Number(t) : NaN;
        }
        const cuit = input.cuit ? normalizeCuit(input.cuit) : null;
        const key = cuit ?? fold(input.name ?? "");
        const first = seen.get(key);
        if (first !== undefined) {
          row.fail(cuit ? "cuit" : "name", `El proveedor está repetido (ya aparece en la fila ${first})`);
          continue;
        }
        seen.set(key, row.line);
        const id = (cuit && byCuit.get(cuit)) || byName.get(fold(input.name ?? ""));
        const field = (e: DomainError) =>
          e.code === "invalid_cuit" || e.code === "duplicate_cuit"
            ? "cuit"
            : e.code === "invalid_email"
              ? "email"
              : e.code === "invalid_lead_time"
                ? "leadTimeDays"
                : e.code === "invalid_notes"
                  ? "notes"
                  : "name";
        try {
          if (id) {
            updateSupplier(ctx, id, input);
            updated++;
          } else {
            createSupplier(ctx, input);
            created++;
          }
          rows++;
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          row.fail(field(e), e.message);
        }
      }
      errors.throwIfAny();
      if (options.dryRun) throw rollback;
    })();
  } catch (e) {
    if (e !== rollback) throw e;
  }
  return { applied: !options.dryRun, rows, created, updated };
}
