import type { Ctx } from "@mostrador/kernel/core/context";
import { isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { notifyOwner } from "@mostrador/kernel/notifications/notify-owner";
import type { ArcaAccess } from "./arca-access.js";
import { ArcaFailure } from "./arca/soap.js";
import type { CaeaGrant, VoucherDetail } from "./arca/wsfe.js";
import { arcaDay, arcaNow, arcaStamp } from "./arca-clock.js";
import { enqueueInvoiceOp, type InvoiceRow } from "./invoice-rows.js";
import { addDays, formatDayKey, fortnightOf, nextFortnight } from "./caea-days.js";

/** Days before its fortnight that the next CAEA is asked for (ARCA opens the window 5 days before). */
export const CAEA_AHEAD_DAYS = 4;
/** The owner is alerted when a CAEA's report deadline is this close and vouchers are still unreported. */
export const CAEA_ALERT_DAYS = 2;

interface GrantRow {
  id: string;
  cuit: string;
  periodo: number;
  orden: number;
  caea: string;
  valid_from: string;
  valid_to: string;
  report_by: string;
  no_movement_reported_at: string | null;
  alerted_on: string | null;
}

function storeGrant(ctx: Ctx, cuit: string, g: CaeaGrant): void {
  stmt(
    ctx.db,
    `INSERT INTO caea_grants (id, cuit, periodo, orden, caea, valid_from, valid_to, report_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cuit, periodo, orden) DO NOTHING`,
  ).run(newId(), cuit, g.periodo, g.orden, g.caea, g.validFrom, g.validTo, g.reportBy, isoNow(ctx));
}

const grantFor = (ctx: Ctx, cuit: string, periodo: number, orden: number): GrantRow | undefined =>
  stmt(ctx.db, "SELECT * FROM caea_grants WHERE cuit = ? AND periodo = ? AND orden = ?").get(
    cuit,
    periodo,
    orden,
  ) as GrantRow | undefined;

/** The CAEA covering `day` (yyyymmdd) for this CUIT, if one was granted. */
export const grantCovering = (ctx: Ctx, cuit: string, day: string): GrantRow | undefined =>
  stmt(ctx.db, "SELECT * FROM caea_grants WHERE cuit = ? AND valid_from <= ? AND valid_to >= ?").get(
    cuit,
    day,
    day,
  ) as GrantRow | undefined;

/**
 * While ARCA answers: makes sure this fortnight's CAEA is held and, from CAEA_AHEAD_DAYS before the next
 * one, the next's (asking twice is refused with 15008: then FECAEAConsultar gives the one granted).
 */
export async function ensureCaeas(ctx: Ctx, access: ArcaAccess): Promise<void> {
  if (!access.config.caea_point_of_sale) return;
  const today = arcaDay(arcaNow(ctx));
  const wanted = [fortnightOf(today)];
  const next = nextFortnight(today);
  if (today >= addDays(next.from, -CAEA_AHEAD_DAYS)) wanted.push(next);
  for (const f of wanted) {
    if (grantFor(ctx, access.config.cuit, f.periodo, f.orden)) continue;
    let grant: CaeaGrant;
    try {
      grant = await access.client.requestCaea(access.auth, f.periodo, f.orden);
    } catch (err) {
      if (!(err instanceof ArcaFailure && err.code === "15008")) throw err;
      grant = await access.client.consultCaea(access.auth, f.periodo, f.orden);
    }
    storeGrant(ctx, access.config.cuit, grant);
  }
}

/** The next number on the CAEA punto de venta: it is this appliance's alone (README), so ours is the count. */
const nextCaeaNumber = (ctx: Ctx, pointOfSale: number, cbteTipo: number): number =>
  (
    stmt(
      ctx.db,
      "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM invoices WHERE point_of_sale = ? AND cbte_tipo = ?",
    ).get(pointOfSale, cbteTipo) as { n: number }
  ).n;

/**
 * ARCA cannot be reached: the comprobante is issued under this fortnight's CAEA on the CAEA punto de venta,
 * numbered locally, and reported later (reportCaeaVouchers). False when no CAEA covers today.
 */
export function issueUnderCaea(
  ctx: Ctx,
  row: InvoiceRow,
  cuit: string,
  caeaPointOfSale: number | null,
): boolean {
  const cbteTipo = row.cbte_tipo;
  if (!caeaPointOfSale || cbteTipo === null) return false;
  const now = arcaNow(ctx);
  const grant = grantCovering(ctx, cuit, arcaDay(now));
  if (!grant) return false;
  ctx.db.transaction(() => {
    stmt(
      ctx.db,
      `UPDATE invoices SET status = 'caea_issued', authority = 'CAEA', point_of_sale = ?, number = ?, code = ?, code_due = ?,
              invoice_date = ?, generated_at = ?, caea_grant_id = ?, last_error = NULL, updated_at = ? WHERE id = ?`,
    ).run(
      caeaPointOfSale,
      nextCaeaNumber(ctx, caeaPointOfSale, cbteTipo),
      grant.caea,
      grant.valid_to,
      arcaDay(now),
      now.toISOString(),
      grant.id,
      isoNow(ctx),
      row.id,
    );
    enqueueInvoiceOp(ctx, row.id, "caea_issued", isoNow(ctx));
  })();
  return true;
}

/** Reports every voucher issued under a CAEA (FECAEARegInformativo), in number order. */
export async function reportCaeaVouchers(
  ctx: Ctx,
  access: ArcaAccess,
  detailOf: (row: InvoiceRow) => VoucherDetail,
): Promise<void> {
  const rows = stmt(
    ctx.db,
    "SELECT * FROM invoices WHERE status = 'caea_issued' ORDER BY point_of_sale, cbte_tipo, number",
  ).all() as InvoiceRow[];
  for (const row of rows) {
    try {
      await access.client.reportCaeaVoucher(
        access.auth,
        row.point_of_sale!,
        row.cbte_tipo!,
        detailOf(row),
        row.code!,
        arcaStamp(new Date(row.generated_at!)),
      );
    } catch (err) {
      if (!(err instanceof ArcaFailure) || err.kind !== "rejected") throw err;
      stmt(ctx.db, "UPDATE invoices SET last_error = ?, updated_at = ? WHERE id = ?").run(
        err.message,
        isoNow(ctx),
        row.id,
      );
      continue;
    }
    ctx.db.transaction(() => {
      stmt(
        ctx.db,
        "UPDATE invoices SET status = 'caea_reported', last_error = NULL, updated_at = ? WHERE id = ?",
      ).run(isoNow(ctx), row.id);
      enqueueInvoiceOp(ctx, row.id, "caea_reported", isoNow(ctx));
    })();
  }
}

/** A fortnight over whose CAEA punto de venta issued nothing is reported as such (FECAEASinMovimientoInformar). */
export async function reportFortnightsWithoutMovement(ctx: Ctx, access: ArcaAccess): Promise<void> {
  const pv = access.config.caea_point_of_sale;
  if (!pv) return;
  const today = arcaDay(arcaNow(ctx));
  const grants = stmt(
    ctx.db,
    `SELECT * FROM caea_grants g WHERE cuit = ? AND valid_to < ? AND no_movement_reported_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.caea_grant_id = g.id)`,
  ).all(access.config.cuit, today) as GrantRow[];
  for (const g of grants) {
    await access.client.reportCaeaWithoutMovement(access.auth, pv, g.caea);
    stmt(ctx.db, "UPDATE caea_grants SET no_movement_reported_at = ? WHERE id = ?").run(isoNow(ctx), g.id);
  }
}

/**
 * Alerts the owner (kernel notifications) once a day while a CAEA's report deadline is CAEA_ALERT_DAYS or
 * less away and vouchers under it are not reported yet. Works offline: that is when it matters.
 */
export function alertCaeaDeadlines(ctx: Ctx): number {
  const today = arcaDay(arcaNow(ctx));
  const due = stmt(
    ctx.db,
    `SELECT g.*, COUNT(i.id) AS pending FROM caea_grants g JOIN invoices i ON i.caea_grant_id = g.id AND i.status = 'caea_issued'
      WHERE g.report_by <= ? AND (g.alerted_on IS NULL OR g.alerted_on < ?) GROUP BY g.id`,
  ).all(addDays(today, CAEA_ALERT_DAYS), today) as (GrantRow & { pending: number })[];
  for (const g of due) {
    ctx.db.transaction(() => {
      notifyOwner(ctx.db, {
        kind: "invoicing_deadline",
        message: `Hay ${g.pending} comprobante(s) emitidos con CAEA sin informar a ARCA; vence el ${formatDayKey(g.report_by)}. Conectá el equipo a internet.`,
        at: isoNow(ctx),
        dedupeKey: `caea_deadline:${g.caea}:${today}`,
      });
      stmt(ctx.db, "UPDATE caea_grants SET alerted_on = ? WHERE id = ?").run(today, g.id);
    })();
  }
  return due.length;
}
