import type {
  BuyerDoc,
  Invoice,
  InvoicePreview,
  InvoicePreviewRequest,
  InvoiceRequest,
} from "@mostrador/contracts/http/invoicing";
import type { IvaByRate, Return, Sale } from "@mostrador/contracts/http/sales";
import { ivaByRate } from "@mostrador/contracts/pos/totals";
import { isoNow, type Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { getSale } from "../pos/sale-view.js";
import { invoiceRow, invoiceView, type InvoiceRow } from "./invoice-rows.js";
import { missingForInvoicing, readConfig } from "./setup.js";
import { customerForSale } from "../customers/customers.js";
import { type Buyer, buyerDocFor, CBTE_TIPO, letterFor, planVoucher, type VoucherPlan } from "./voucher.js";

/** The buyer named on the sale's customer (consumidor final, unnamed, when there is none). */
export function buyerOfCustomer(ctx: Ctx, customerId: string | null): Buyer {
  const row = customerId
    ? (stmt(
        ctx.db,
        `SELECT doc_type AS docType, doc_number AS docNumber, iva_condition AS ivaCondition FROM customers
          WHERE id = (SELECT COALESCE(merged_into, id) FROM customers WHERE id = ?)`,
      ).get(customerId) as Buyer | undefined)
    : undefined;
  return row ?? { docType: null, docNumber: null, ivaCondition: "consumidor_final" };
}

const customerIdOf = (ctx: Ctx, saleId: string): string | null =>
  (
    stmt(ctx.db, "SELECT customer_id AS c FROM sales WHERE id = ?").get(saleId) as
      { c: string | null } | undefined
  )?.c ?? null;

function insertInvoice(
  ctx: Ctx,
  fields: {
    saleId: string;
    returnId: string | null;
    originalId: string | null;
    kind: "invoice" | "credit_note";
  },
  plan: VoucherPlan | null,
  failure: string | null,
): string {
  const id = newId();
  const at = isoNow(ctx);
  stmt(
    ctx.db,
    `INSERT INTO invoices (id, sale_id, return_id, original_id, kind, status, letter, cbte_tipo, doc_tipo, doc_nro,
       receptor_iva_id, total, net, vat, vat_shares, last_error, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    fields.saleId,
    fields.returnId,
    fields.originalId,
    fields.kind,
    plan ? "queued" : "failed",
    plan?.letter ?? null,
    plan ? CBTE_TIPO[plan.letter][fields.kind] : null,
    plan?.docTipo ?? null,
    plan?.docNro ?? null,
    plan?.receptorIvaId ?? null,
    plan?.total ?? null,
    plan?.net ?? null,
    plan?.vat ?? null,
    plan ? JSON.stringify(plan.vatShares) : null,
    failure,
    at,
    at,
    at,
  );
  return id;
}

/** The ticket customer's buyer, with the document the till asked at payment in place of theirs. */
export function buyerForSale(ctx: Ctx, customerId: string | null, doc: BuyerDoc | null | undefined): Buyer {
  const buyer = buyerOfCustomer(ctx, customerId);
  return doc ? { ...buyer, docType: doc.docType, docNumber: doc.docNumber } : buyer;
}

/**
 * Inside the sale's own transaction (sale-hooks.ts), when the shop invoices every sale: queues the
 * invoice. ARCA or bad customer data never block or lose a sale: a plan the domain refuses (a Factura A
 * to a customer without a valid CUIT) is stored as failed with its Spanish reason, for a manager to fix
 * and retry from Historial or the pending list. Except when the till named the buyer (`invoiceBuyer`
 * present, even null): it checked before payment (previewInvoice), so a plan refused now is bad input and
 * the refusal rolls the sale back, changing nothing.
 */
export function queueInvoiceForSale(
  ctx: Ctx,
  sale: Sale,
  customerId: string | null,
  invoiceBuyer?: BuyerDoc | null,
): void {
  // Every sale passes here: one indexed read when the shop does not invoice every sale.
  const mode = stmt(ctx.db, "SELECT mode FROM invoicing_setup WHERE id = 1").get() as
    { mode: string } | undefined;
  if (mode?.mode !== "every_sale") return;
  const config = readConfig(ctx);
  // No readiness check here: a shop that invoices every sale must invoice this one even when its setup
  // stopped being ready after the mode was turned on (the certificate expired, a new key waits for its
  // certificate). The invoice waits, queued, with the reason in Facturación, and goes out once it is fixed.
  if (config.mode !== "every_sale" || sale.total <= 0) return;
  let plan: VoucherPlan | null = null;
  let failure: string | null = null;
  try {
    plan = planVoucher(
      config.ivaCondition,
      buyerForSale(ctx, customerId, invoiceBuyer),
      sale.ivaByRate,
      config.dni_threshold,
    );
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (invoiceBuyer !== undefined) throw err;
    failure = err.message;
  }
  insertInvoice(ctx, { saleId: sale.id, returnId: null, originalId: null, kind: "invoice" }, plan, failure);
}

/**
 * What the till shows before payment: the letter the sale will get and whether the buyer's DNI is
 * needed, with the same rules as the sale's own hook (voucher.ts). Changes nothing.
 */
export function previewInvoice(ctx: Ctx, request: InvoicePreviewRequest): InvoicePreview {
  const config = readConfig(ctx);
  // The same rule as queueInvoiceForSale: every sale gets its invoice, even one that must wait for the setup.
  const automatic = config.mode === "every_sale";
  const customerId = request.customerId ?? null;
  if (customerId) customerForSale(ctx.db, customerId); // an unknown customer is refused (404), as the sale would
  const buyer = buyerForSale(ctx, customerId, request.buyerDoc);
  const letter = letterFor(config.ivaCondition, buyer.ivaCondition);
  const named = buyer.docType !== null && (buyer.docNumber ?? "").replace(/\D/g, "") !== "";
  let problem: InvoicePreview["problem"] = null;
  try {
    buyerDocFor(letter, buyer, request.total, config.dni_threshold);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    problem = { code: err.code, message: err.message };
  }
  return {
    automatic,
    letter: automatic ? letter : null,
    docType: buyer.docType,
    docNumber: buyer.docNumber,
    needsDni: letter !== "A" && !named && request.total > config.dni_threshold,
    dniThreshold: config.dni_threshold,
    problem: automatic ? problem : null,
  };
}

const buyerOfRequest = (ctx: Ctx, saleId: string, request: InvoiceRequest): Buyer => {
  const onSale = buyerOfCustomer(ctx, customerIdOf(ctx, saleId));
  if (
    request.docType === undefined &&
    request.docNumber === undefined &&
    request.ivaCondition === undefined
  ) {
    return onSale;
  }
  if ((request.docType === undefined) !== (request.docNumber === undefined)) {
    throw new DomainError(
      "invalid",
      "doc_incomplete",
      "Indicá el tipo y el número de documento del comprador",
    );
  }
  return {
    docType: request.docType ?? onSale.docType,
    docNumber: request.docNumber ?? onSale.docNumber,
    ivaCondition: request.ivaCondition ?? onSale.ivaCondition,
  };
};

/**
 * Invoice a sale on request (or retry one that failed, with the buyer's data corrected). Every refusal
 * (a voided sale, $ 0, a Factura A without a valid CUIT, the setup incomplete) is a Spanish DomainError
 * and changes nothing; the sale itself is never touched.
 */
export function requestSaleInvoice(
  ctx: Ctx,
  principal: Principal,
  saleId: string,
  request: InvoiceRequest,
): Invoice {
  const sale = getSale(ctx, saleId);
  if (sale.status === "voided") {
    throw new DomainError(
      "conflict",
      "sale_voided",
      `La venta ${sale.displayNumber} está anulada: no se factura`,
    );
  }
  const config = readConfig(ctx);
  if (config.mode === "off") {
    throw new DomainError(
      "conflict",
      "invoicing_off",
      "La facturación electrónica está apagada (Ajustes → Facturación)",
    );
  }
  const missing = missingForInvoicing(config, ctx.clock.now());
  if (missing.length) {
    throw new DomainError("conflict", "invoicing_not_ready", `Para facturar falta: ${missing.join("; ")}`, {
      missing,
    });
  }
  const existing = stmt(
    ctx.db,
    "SELECT * FROM invoices WHERE sale_id = ? AND kind = 'invoice' AND status <> 'cancelled'",
  ).get(saleId) as InvoiceRow | undefined;
  if (existing && existing.status !== "failed") return invoiceView(existing);
  const plan = planVoucher(
    config.ivaCondition,
    buyerOfRequest(ctx, saleId, request),
    netOfReturns(sale),
    config.dni_threshold,
  );
  const id = ctx.db.transaction(() => {
    if (existing)
      stmt(ctx.db, "UPDATE invoices SET status = 'cancelled', updated_at = ? WHERE id = ?").run(
        isoNow(ctx),
        existing.id,
      );
    const created = insertInvoice(
      ctx,
      { saleId, returnId: null, originalId: null, kind: "invoice" },
      plan,
      null,
    );
    recordAudit(ctx.db, {
      at: isoNow(ctx),
      staffId: principal.staffId,
      terminalId: principal.terminalId,
      action: "invoicing.invoice_requested",
      entity: "sale",
      entityId: saleId,
      details: { letter: plan.letter, docTipo: plan.docTipo },
    });
    return created;
  })();
  return invoiceView(invoiceRow(ctx, id)!);
}

/** A sale invoiced after part of it came back is invoiced for what the customer kept. */
function netOfReturns(sale: Sale): IvaByRate[] {
  const returned = ivaByRate(sale.returns.flatMap((r) => r.lines));
  return sale.ivaByRate.map((r) => {
    const back = returned.find((x) => x.rate === r.rate);
    return back ? { ...r, net: r.net - back.net, iva: r.iva - back.iva, total: r.total - back.total } : r;
  });
}

/** The sale's live invoice (not failed nor cancelled), if any. */
const liveInvoiceOf = (ctx: Ctx, saleId: string): InvoiceRow | undefined =>
  stmt(
    ctx.db,
    "SELECT * FROM invoices WHERE sale_id = ? AND kind = 'invoice' AND status NOT IN ('failed', 'cancelled')",
  ).get(saleId) as InvoiceRow | undefined;

/** The credit note's plan: the original's letter and buyer, the returned amounts by rate. */
function creditPlan(original: InvoiceRow, byRate: readonly IvaByRate[]): VoucherPlan {
  const total = byRate.reduce((s, r) => s + r.net + r.iva, 0);
  const c = original.letter === "C";
  return {
    letter: original.letter!,
    docTipo: original.doc_tipo!,
    docNro: original.doc_nro!,
    receptorIvaId: original.receptor_iva_id!,
    total,
    net: c ? total : byRate.reduce((s, r) => s + r.net, 0),
    vat: c ? 0 : byRate.reduce((s, r) => s + r.iva, 0),
    vatShares: c
      ? []
      : byRate
          .filter((r) => r.net + r.iva > 0)
          .map((r) => ({ id: ({ 0: 3, 1050: 4, 2100: 5 } as const)[r.rate], base: r.net, amount: r.iva })),
  };
}

/** In the return's transaction: a return of an invoiced sale queues its credit note (never throws). */
export function queueCreditNoteForReturn(ctx: Ctx, saleReturn: Return, sale: Sale): void {
  const original = liveInvoiceOf(ctx, sale.id);
  if (!original || saleReturn.total <= 0) return;
  insertInvoice(
    ctx,
    { saleId: sale.id, returnId: saleReturn.id, originalId: original.id, kind: "credit_note" },
    creditPlan(original, ivaByRate(saleReturn.lines)),
    null,
  );
}

/**
 * In the void's transaction: an invoice never sent is simply cancelled (no number was used); one ARCA
 * may have or has authorised gets a credit note for what was not already returned.
 */
export function queueCreditNoteForVoid(ctx: Ctx, sale: Sale): void {
  const original = liveInvoiceOf(ctx, sale.id);
  stmt(
    ctx.db,
    "UPDATE invoices SET status = 'cancelled', updated_at = ? WHERE sale_id = ? AND status = 'failed'",
  ).run(isoNow(ctx), sale.id);
  if (!original) return;
  if (original.status === "queued") {
    stmt(ctx.db, "UPDATE invoices SET status = 'cancelled', updated_at = ? WHERE id = ?").run(
      isoNow(ctx),
      original.id,
    );
    return;
  }
  const kept = netOfReturns(sale);
  if (kept.reduce((s, r) => s + r.net + r.iva, 0) <= 0) return;
  insertInvoice(
    ctx,
    { saleId: sale.id, returnId: null, originalId: original.id, kind: "credit_note" },
    creditPlan(original, kept),
    null,
  );
}
