import { isoNow, type Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { type AccessOptions, type ArcaAccess, arcaAccess } from "./arca-access.js";
import { ArcaFailure } from "./arca/soap.js";
import type { AssociatedVoucher, VoucherDetail } from "./arca/wsfe.js";
import { arcaDay, arcaNow } from "./arca-clock.js";
import {
  alertCaeaDeadlines,
  ensureCaeas,
  issueUnderCaea,
  reportCaeaVouchers,
  reportFortnightsWithoutMovement,
} from "./caea.js";
import { enqueueInvoiceOp, invoiceRow, type InvoiceRow } from "./invoice-rows.js";
import { readConfig } from "./setup.js";

/** Waits after a failed attempt: 30 s, 1, 2, 4… minutes, at most 15. */
const backoffMs = (attempts: number) => Math.min(15 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));

export interface RunOptions extends AccessOptions {
  /** The invoice the caller waits for is processed even if its retry time has not come (the till's "reintentar"). */
  now?: boolean;
}

export interface RunSummary {
  authorised: number;
  caeaIssued: number;
  caeaReported: number;
  failed: number;
  waiting: number;
  /** Why ARCA could not be used on this run (Spanish), or null. */
  problem: string | null;
}

/** The voucher detail a row describes, with the invoice it cancels for a credit note. */
function detailOf(ctx: Ctx, row: InvoiceRow, cuit: string): VoucherDetail {
  const associated: AssociatedVoucher[] = [];
  if (row.original_id) {
    const o = invoiceRow(ctx, row.original_id)!;
    associated.push({
      tipo: o.cbte_tipo!,
      ptoVta: o.point_of_sale!,
      nro: o.number!,
      cuit,
      fecha: o.invoice_date!,
    });
  }
  return {
    concepto: 1,
    docTipo: row.doc_tipo!,
    docNro: row.doc_nro!,
    numero: row.number!,
    fecha: row.invoice_date!,
    total: row.total!,
    untaxed: 0,
    net: row.net!,
    exempt: 0,
    vat: row.vat!,
    condicionIvaReceptorId: row.receptor_iva_id!,
    associated,
    vatShares: JSON.parse(row.vat_shares ?? "[]") as VoucherDetail["vatShares"],
  };
}

function retryLater(
  ctx: Ctx,
  row: InvoiceRow,
  message: string,
  status: "queued" | "sending" = row.status as "queued",
): void {
  const attempts = row.attempts + 1;
  stmt(
    ctx.db,
    "UPDATE invoices SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?",
  ).run(
    status,
    attempts,
    message,
    new Date(ctx.clock.now().getTime() + backoffMs(attempts)).toISOString(),
    isoNow(ctx),
    row.id,
  );
}

function markAuthorised(ctx: Ctx, row: InvoiceRow, code: string, due: string): void {
  ctx.db.transaction(() => {
    stmt(
      ctx.db,
      `UPDATE invoices SET status = 'authorised', authority = 'CAE', code = ?, code_due = ?, last_error = NULL, updated_at = ?
        WHERE id = ?`,
    ).run(code, due, isoNow(ctx), row.id);
    enqueueInvoiceOp(ctx, row.id, "authorised", isoNow(ctx));
  })();
}

const isOffline = (err: unknown) =>
  err instanceof ArcaFailure &&
  (err.kind === "unreachable" || err.kind === "timeout" || err.kind === "malformed");

/**
 * One queued or sending comprobante. The number is written with status 'sending' BEFORE FECAESolicitar
 * leaves, so whatever happens next (a timeout after ARCA authorised, the process killed) is settled by
 * asking ARCA about that number (FECompConsultar) before anything is sent again.
 */
async function processRow(
  ctx: Ctx,
  access: ArcaAccess | null,
  row: InvoiceRow,
  problem: ArcaFailure | null,
): Promise<string> {
  if (row.kind === "credit_note") {
    const original = invoiceRow(ctx, row.original_id!)!;
    if (original.status === "failed" || original.status === "cancelled") {
      stmt(ctx.db, "UPDATE invoices SET status = 'cancelled', updated_at = ? WHERE id = ?").run(
        isoNow(ctx),
        row.id,
      );
      return "cancelled";
    }
    if (original.status === "queued" || original.status === "sending") return "waiting";
  }
  const config = access?.config ?? readConfig(ctx);
  if (!access) {
    // ARCA cannot be reached: a comprobante never sent goes under the CAEA; one possibly sent must wait.
    if (
      row.status === "queued" &&
      isOffline(problem) &&
      issueUnderCaea(ctx, row, config.cuit, config.caea_point_of_sale)
    ) {
      return "caea_issued";
    }
    retryLater(ctx, row, problem?.message ?? "ARCA no está disponible");
    return "waiting";
  }
  const { client, auth } = access;
  if (row.status === "sending") {
    const found = await client.consult(auth, row.point_of_sale!, row.cbte_tipo!, row.number!);
    if (found && found.kind === "CAE" && found.total === row.total && found.docNro === row.doc_nro) {
      markAuthorised(ctx, row, found.code, found.due);
      return "authorised";
    }
    if (found) {
      // Not ours (another system issued on this punto de venta): never take it as this sale's.
      stmt(
        ctx.db,
        "UPDATE invoices SET status = 'failed', number = NULL, point_of_sale = NULL, last_error = ?, updated_at = ? WHERE id = ?",
      ).run(
        `ARCA tiene otro comprobante con el número ${row.number} del punto de venta ${row.point_of_sale}: ¿otro sistema factura en él?`,
        isoNow(ctx),
        row.id,
      );
      return "failed";
    }
    // ARCA never got it: the number is free again and is chosen afresh below.
    stmt(
      ctx.db,
      "UPDATE invoices SET status = 'queued', number = NULL, point_of_sale = NULL WHERE id = ?",
    ).run(row.id);
    row = invoiceRow(ctx, row.id)!;
  }
  const pv = config.cae_point_of_sale!;
  let last: number;
  try {
    last = await client.lastAuthorised(auth, pv, row.cbte_tipo!);
  } catch (err) {
    if (isOffline(err) && issueUnderCaea(ctx, row, config.cuit, config.caea_point_of_sale))
      return "caea_issued";
    throw err;
  }
  const now = arcaNow(ctx);
  stmt(
    ctx.db,
    `UPDATE invoices SET status = 'sending', authority = 'CAE', point_of_sale = ?, number = ?, invoice_date = ?, generated_at = ?,
            attempts = attempts + 1, updated_at = ? WHERE id = ?`,
  ).run(pv, last + 1, arcaDay(now), now.toISOString(), isoNow(ctx), row.id);
  row = invoiceRow(ctx, row.id)!;
  try {
    const answer = await client.requestCae(auth, pv, row.cbte_tipo!, detailOf(ctx, row, config.cuit));
    markAuthorised(ctx, row, answer.cae, answer.caeDue);
    return "authorised";
  } catch (err) {
    if (!(err instanceof ArcaFailure) || err.kind !== "rejected") throw err;
    // Refused: ARCA used no number. 10016 (the number moved on meanwhile) is retried with a fresh one.
    const status = err.code === "10016" && row.attempts < 3 ? "queued" : "failed";
    stmt(
      ctx.db,
      `UPDATE invoices SET status = ?, number = NULL, point_of_sale = NULL, authority = NULL, last_error = ?, updated_at = ?
        WHERE id = ?`,
    ).run(status, err.message, isoNow(ctx), row.id);
    return status === "failed" ? "failed" : "retry";
  }
}

let running: Promise<RunSummary> | null = null;

/**
 * Works the queue once: ARCA's ticket and clock, the CAEAs to hold, the queued and sending comprobantes
 * oldest first (one at a time: numbers are consecutive), the CAEA vouchers to report, the fortnights
 * without movement, the deadline alerts. Never throws for ARCA's sake: what failed stays queued with its
 * reason. One run at a time in this process (a second caller waits for the running one).
 */
export function runInvoicing(ctx: Ctx, options: RunOptions = {}): Promise<RunSummary> {
  const next = (running ?? Promise.resolve(null)).then(() => runOnce(ctx, options));
  running = next.finally(() => {
    if (running === next) running = null;
  }) as Promise<RunSummary>;
  return next;
}

async function runOnce(ctx: Ctx, options: RunOptions): Promise<RunSummary> {
  const summary: RunSummary = {
    authorised: 0,
    caeaIssued: 0,
    caeaReported: 0,
    failed: 0,
    waiting: 0,
    problem: null,
  };
  const config = readConfig(ctx);
  if (
    config.mode === "off" &&
    !stmt(ctx.db, "SELECT 1 FROM invoices WHERE status IN ('queued', 'sending', 'caea_issued')").get()
  ) {
    return summary;
  }
  let access: ArcaAccess | null = null;
  let problem: ArcaFailure | null = null;
  try {
    access = await arcaAccess(ctx, options);
    await ensureCaeas(ctx, access);
  } catch (err) {
    if (err instanceof ArcaFailure) problem = err;
    else if (err instanceof DomainError) summary.problem = err.message;
    else throw err;
    if (problem) summary.problem = problem.message;
    if (err instanceof DomainError) return summary;
  }
  const due = () =>
    stmt(
      ctx.db,
      `SELECT * FROM invoices WHERE status IN ('queued', 'sending') ${options.now ? "" : "AND next_attempt_at <= ?"}
        ORDER BY status = 'sending' DESC, created_at, id`,
    ).all(...(options.now ? [] : [isoNow(ctx)])) as InvoiceRow[];
  const seen = new Set<string>();
  for (let rows = due(); rows.length; rows = due().filter((r) => !seen.has(r.id))) {
    const row = rows.find((r) => !seen.has(r.id));
    if (!row) break;
    seen.add(row.id);
    let outcome: string;
    try {
      outcome = await processRow(ctx, access, row, problem);
    } catch (err) {
      if (!(err instanceof ArcaFailure)) throw err;
      retryLater(ctx, invoiceRow(ctx, row.id)!, err.message);
      summary.problem = err.message;
      outcome = "waiting";
      // ARCA stopped answering mid-run: the rest are issued under CAEA or wait, without calling it again.
      if (isOffline(err)) {
        access = null;
        problem = err;
      }
    }
    if (outcome === "authorised") summary.authorised += 1;
    else if (outcome === "caea_issued") summary.caeaIssued += 1;
    else if (outcome === "failed") summary.failed += 1;
    else if (outcome === "waiting") summary.waiting += 1;
    // A 10016 (the number moved on meanwhile) is taken again in this run with a fresh number.
    if (outcome === "retry") seen.delete(row.id);
  }
  if (access) {
    try {
      const before = (
        stmt(ctx.db, "SELECT COUNT(*) AS n FROM invoices WHERE status = 'caea_reported'").get() as {
          n: number;
        }
      ).n;
      await reportCaeaVouchers(ctx, access, (row) => detailOf(ctx, row, access!.config.cuit));
      summary.caeaReported =
        (
          stmt(ctx.db, "SELECT COUNT(*) AS n FROM invoices WHERE status = 'caea_reported'").get() as {
            n: number;
          }
        ).n - before;
      await reportFortnightsWithoutMovement(ctx, access);
    } catch (err) {
      if (!(err instanceof ArcaFailure)) throw err;
      summary.problem = err.message;
    }
  }
  alertCaeaDeadlines(ctx);
  return summary;
}
