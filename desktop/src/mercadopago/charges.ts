import type { Charge, ChargeStatus, NewChargeBody } from "@mostrador/contracts/http/mercadopago";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import type { OrderView } from "@mostrador/platform/mercadopago/api";
import { connectedClient } from "./account.js";
import type { MpDeps } from "./deps.js";
import { outcomeUnknown, refusalOf } from "./failures.js";

/** Statuses in which the customer may still pay: the till keeps waiting (or lets the cashier cancel). */
export const OPEN_STATUSES: readonly ChargeStatus[] = [
  "sending",
  "created",
  "at_terminal",
  "action_required",
];

/**
 * How far along a status is. An order only moves forward at MP, but notifications arrive replayed and out
 * of order, and a read may race a later one: a status of a lower rank than the charge's is never applied.
 */
const RANK: Record<ChargeStatus, number> = {
  sending: 0,
  created: 1,
  at_terminal: 2,
  action_required: 3,
  processed: 4,
  canceled: 4,
  expired: 4,
  failed: 4,
  refunded: 5,
};

const CHARGE_STATE = `SELECT id, status, amount, order_id AS orderId, refunded_amount AS refunded
  FROM mercadopago_charges`;

const VIEW = `SELECT c.id, c.kind, c.sale_ref AS saleRef, c.amount, c.refunded_amount AS refunded, c.status, c.status_detail AS statusDetail,
    c.order_id AS orderId, c.qr_data AS qrData, c.point_terminal_id AS pointTerminalId, c.sale_id AS saleId,
    c.abandoned_at AS abandonedAt, c.created_at AS createdAt, t.code AS terminalCode
  FROM mercadopago_charges c JOIN terminals t ON t.id = c.terminal_id`;

interface ChargeRow extends Charge {
  idempotencyKey: string;
  attempt: number;
}

export function getCharge(ctx: Ctx, id: string): Charge {
  const row = stmt(ctx.db, `${VIEW} WHERE c.id = ?`).get(id) as Charge | undefined;
  if (!row) throw new DomainError("not_found", "charge_not_found", "No existe ese cobro de Mercado Pago");
  return row;
}

function chargeRow(ctx: Ctx, id: string): ChargeRow {
  const row = stmt(
    ctx.db,
    `SELECT v.*, k.idempotency_key AS idempotencyKey, k.attempt FROM (${VIEW} WHERE c.id = ?) v
       JOIN mercadopago_charges k ON k.id = v.id`,
  ).get(id) as ChargeRow | undefined;
  if (!row) throw new DomainError("not_found", "charge_not_found", "No existe ese cobro de Mercado Pago");
  return row;
}

/**
 * Starts (or resumes) charging the amount due of the sale the till is paying. The idempotency key is the
 * sale's client id and the attempt number, written BEFORE the order is sent: a till that crashed or timed
 * out asks again with the same sale and gets the same order back from MP, never a second charge. A new
 * attempt (a new key) is only made once the previous order is over (cancelled, expired, failed).
 */
export async function startCharge(
  ctx: Ctx,
  deps: MpDeps,
  principal: Principal,
  input: NewChargeBody,
): Promise<Charge> {
  const terminalId = principal.terminalId;
  if (!terminalId)
    throw new DomainError(
      "invalid",
      "terminal_required",
      "Para cobrar con Mercado Pago, ingresá desde una caja",
    );
  connectedClient(ctx, deps); // refuses early when Mercado Pago is not set up
  const till = stmt(
    ctx.db,
    "SELECT external_pos_id AS externalPosId, point_terminal_id AS pointTerminalId FROM mercadopago_tills WHERE terminal_id = ?",
  ).get(terminalId) as { externalPosId: string; pointTerminalId: string | null } | undefined;
  if (!till)
    throw new DomainError(
      "conflict",
      "mercadopago_till_missing",
      "Esta caja no tiene su caja de Mercado Pago: el dueño la crea en Ajustes → Mercado Pago",
    );
  if (input.kind === "point" && !till.pointTerminalId)
    throw new DomainError(
      "conflict",
      "point_not_assigned",
      "Esta caja no tiene un posnet Point asignado (Ajustes → Mercado Pago)",
    );

  const id = ctx.db
    .transaction((): string => {
      const last = stmt(
        ctx.db,
        `SELECT id, attempt, status, amount, kind, sale_id AS saleId FROM mercadopago_charges
          WHERE sale_ref = ? ORDER BY attempt DESC LIMIT 1`,
      ).get(input.saleRef) as
        | {
            id: string;
            attempt: number;
            status: ChargeStatus;
            amount: number;
            kind: string;
            saleId: string | null;
          }
        | undefined;
      if (last && (OPEN_STATUSES.includes(last.status) || (last.status === "processed" && !last.saleId))) {
        if (last.amount !== input.amount || last.kind !== input.kind)
          throw new DomainError(
            "conflict",
            "charge_in_progress",
            "Ya hay un cobro de Mercado Pago de esta venta por otro importe: cancelalo antes de cobrar de nuevo",
            { chargeId: last.id },
          );
        return last.id;
      }
      const attempt = (last?.attempt ?? 0) + 1;
      const chargeId = newId();
      const now = isoNow(ctx);
      stmt(
        ctx.db,
        `INSERT INTO mercadopago_charges (id, kind, sale_ref, attempt, idempotency_key, terminal_id, staff_id, amount,
           status, point_terminal_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'sending', ?, ?, ?)`,
      ).run(
        chargeId,
        input.kind,
        input.saleRef,
        attempt,
        `mostrador-${input.saleRef}-${attempt}`,
        terminalId,
        principal.staffId,
        input.amount,
        input.kind === "point" ? till.pointTerminalId : null,
        now,
        now,
      );
      return chargeId;
    })
    .immediate();

  const charge = chargeRow(ctx, id);
  if (charge.status !== "sending") return charge;
  return send(ctx, deps, charge, till.externalPosId);
}

/** Sends (or re-sends, with the same key) the create of a charge whose answer never arrived. */
async function send(ctx: Ctx, deps: MpDeps, charge: ChargeRow, externalPosId?: string): Promise<Charge> {
  const { mp } = connectedClient(ctx, deps);
  const posId =
    externalPosId ??
    (
      stmt(
        ctx.db,
        `SELECT m.external_pos_id AS posId FROM mercadopago_tills m JOIN mercadopago_charges c
           ON c.terminal_id = m.terminal_id WHERE c.id = ?`,
      ).get(charge.id) as { posId: string } | undefined
    )?.posId;
  try {
    const order = await mp.createOrder(
      charge.kind === "qr"
        ? { kind: "qr", externalReference: charge.saleRef, amount: charge.amount, externalPosId: posId ?? "" }
        : {
            kind: "point",
            externalReference: charge.saleRef,
            amount: charge.amount,
            terminalId: charge.pointTerminalId ?? "",
          },
      charge.idempotencyKey,
    );
    applyOrder(ctx, order, charge.id);
  } catch (err) {
    if (outcomeUnknown(err)) throw refusalOf(err); // stays "sending": the next try re-sends the same key
    const refusal = refusalOf(err);
    setStatus(ctx, charge.id, "failed", refusal.message);
    throw refusal;
  }
  return getCharge(ctx, charge.id);
}

/**
 * What the till calls while it waits (and the background follow-up): re-reads an open charge's order from
 * MP and applies it; a charge still "sending" is re-sent with its key. Offline, the charge is answered as
 * stored (nothing is assumed paid).
 */
export async function refreshCharge(ctx: Ctx, deps: MpDeps, id: string): Promise<Charge> {
  const charge = chargeRow(ctx, id);
  if (!OPEN_STATUSES.includes(charge.status) && charge.status !== "processed") return charge;
  try {
    if (charge.status === "sending") {
      if (charge.abandonedAt) return charge;
      return await send(ctx, deps, charge);
    }
    const { mp } = connectedClient(ctx, deps);
    applyOrder(ctx, await mp.getOrder(charge.orderId!));
  } catch (err) {
    if (!outcomeUnknown(err)) throw refusalOf(err);
  }
  return getCharge(ctx, id);
}

/**
 * Applies an order as MP answered it (a read, or the cloud's relay of a webhook it re-read): the charge
 * that made it moves forward, never back, and each (order, status) is applied once. An order whose
 * charge never heard back from the create is matched by its external reference (the sale's client id).
 * Returns whether anything changed.
 */
export function applyOrder(ctx: Ctx, order: OrderView, chargeId?: string): boolean {
  const changed = ctx.db
    .transaction((): string | null => {
      const charge = (
        chargeId
          ? stmt(ctx.db, `${CHARGE_STATE} WHERE id = ?`).get(chargeId)
          : (stmt(ctx.db, `${CHARGE_STATE} WHERE order_id = ?`).get(order.id) ??
            stmt(
              ctx.db,
              `${CHARGE_STATE} WHERE sale_ref = ? AND order_id IS NULL AND status = 'sending'
                ORDER BY attempt DESC LIMIT 1`,
            ).get(order.externalReference))
      ) as
        | { id: string; status: ChargeStatus; amount: number; orderId: string | null; refunded: number }
        | undefined;
      if (!charge) return null; // not this appliance's order
      if (charge.orderId && charge.orderId !== order.id) return null;
      if (order.amount !== charge.amount) return null; // never believe an order for another amount
      const seen = stmt(
        ctx.db,
        "INSERT INTO mercadopago_seen (order_id, status, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
      ).run(order.id, order.status, isoNow(ctx));
      // A partial refund keeps the order "processed": the amount given back is followed on its own.
      const refundedGrew = order.refunded > charge.refunded && order.refunded <= charge.amount;
      if (refundedGrew)
        stmt(ctx.db, "UPDATE mercadopago_charges SET refunded_amount = ?, updated_at = ? WHERE id = ?").run(
          order.refunded,
          isoNow(ctx),
          charge.id,
        );
      const moved = refundedGrew ? charge.id : null;
      // The same (order, status) again (a replay, the poll and the relay both): nothing more to do.
      if (seen.changes === 0 && charge.orderId) return moved;
      if (RANK[order.status] <= RANK[charge.status]) return moved; // a reordered, older status
      stmt(
        ctx.db,
        `UPDATE mercadopago_charges SET order_id = ?, status = ?, status_detail = ?,
           qr_data = COALESCE(qr_data, ?), updated_at = ? WHERE id = ?`,
      ).run(order.id, order.status, order.statusDetail, order.qrData, isoNow(ctx), charge.id);
      return charge.id;
    })
    .immediate();
  if (changed) ctx.bus.emit("mercadopago.changed", { chargeId: changed });
  return changed !== null;
}

function setStatus(ctx: Ctx, id: string, status: ChargeStatus, detail: string | null): void {
  stmt(
    ctx.db,
    "UPDATE mercadopago_charges SET status = ?, status_detail = ?, updated_at = ? WHERE id = ?",
  ).run(status, detail, isoNow(ctx), id);
  ctx.bus.emit("mercadopago.changed", { chargeId: id });
}

/**
 * Cancels a charge from the till. A QR order (and a Point order not yet on the device) is cancelled at
 * MP; a Point order already on the terminal can only be cancelled there. If MP says it was paid in the
 * meantime, the answer says "processed" and the till uses it.
 */
export async function cancelCharge(ctx: Ctx, deps: MpDeps, id: string): Promise<Charge> {
  let charge = chargeRow(ctx, id);
  if (charge.status === "sending") {
    await refreshCharge(ctx, deps, id).catch(() => undefined);
    charge = chargeRow(ctx, id);
  }
  if (charge.status === "sending") {
    // MP never answered: mark it given up; if the order exists and gets paid, it is listed "sin venta".
    stmt(ctx.db, "UPDATE mercadopago_charges SET abandoned_at = COALESCE(abandoned_at, ?) WHERE id = ?").run(
      isoNow(ctx),
      id,
    );
    return getCharge(ctx, id);
  }
  if (charge.status === "at_terminal" || charge.status === "action_required")
    throw new DomainError(
      "conflict",
      "cancel_on_terminal",
      "El cobro ya está en el posnet Point: cancelalo en el posnet",
    );
  if (charge.status !== "created") return charge;
  const { mp } = connectedClient(ctx, deps);
  try {
    applyOrder(ctx, await mp.cancelOrder(charge.orderId!, `${charge.idempotencyKey}-cancel`));
  } catch (err) {
    // Paid (or expired) while the cashier was cancelling: MP refuses; read what it is now.
    if (outcomeUnknown(err)) throw refusalOf(err);
    applyOrder(ctx, await mp.getOrder(charge.orderId!).catch((e: unknown) => Promise.reject(refusalOf(e))));
  }
  return getCharge(ctx, id);
}

/**
 * The cashier stopped waiting (closed the dialog, chose another method): the charge is cancelled where
 * possible and remembered as given up. If MP confirms it later anyway, it is listed "sin venta".
 */
export async function abandonCharge(ctx: Ctx, deps: MpDeps, id: string): Promise<Charge> {
  stmt(ctx.db, "UPDATE mercadopago_charges SET abandoned_at = COALESCE(abandoned_at, ?) WHERE id = ?").run(
    isoNow(ctx),
    chargeRow(ctx, id).id,
  );
  try {
    return await cancelCharge(ctx, deps, id);
  } catch {
    return getCharge(ctx, id); // offline or on the terminal: followed in the background
  }
}

/**
 * "Pagos de Mercado Pago sin venta": confirmed by MP with no sale (the cashier gave up, the till crashed)
 * and no card top-up nor account payment (a charge that loaded a card or paid an account is used).
 */
export function unattachedCharges(ctx: Ctx): Charge[] {
  return stmt(
    ctx.db,
    `${VIEW} WHERE c.status = 'processed' AND c.sale_id IS NULL AND c.card_entry_id IS NULL
       AND c.account_entry_id IS NULL ORDER BY c.created_at`,
  ).all() as Charge[];
}

/** Charges still open, oldest first: what the background follow-up re-reads. */
export function openCharges(ctx: Ctx): Charge[] {
  return stmt(
    ctx.db,
    `${VIEW} WHERE c.status IN ('sending', 'created', 'at_terminal', 'action_required') ORDER BY c.created_at`,
  ).all() as Charge[];
}

/**
 * Refunds a processed charge in full at MP (a payment with no sale, or before a return refunds "Mercado
 * Pago"). The refund is MP's; the return that follows names the charge as its refund's reference.
 */
export async function refundCharge(
  ctx: Ctx,
  deps: MpDeps,
  principal: Principal,
  id: string,
): Promise<Charge> {
  const charge = chargeRow(ctx, id);
  if (charge.status === "refunded") return charge;
  if (charge.status !== "processed")
    throw new DomainError(
      "conflict",
      "charge_not_refundable",
      "Solo se devuelve un pago de Mercado Pago acreditado",
    );
  // The money of a charge that loaded a card is on the card: give it back only once that top-up is voided.
  const onCard = stmt(
    ctx.db,
    `SELECT 1 FROM mercadopago_charges c WHERE c.id = ? AND c.card_entry_id IS NOT NULL AND NOT EXISTS
       (SELECT 1 FROM card_entries v WHERE v.kind = 'void_topup' AND v.related_entry_id = c.card_entry_id)`,
  ).get(id);
  if (onCard)
    throw new DomainError(
      "conflict",
      "mercadopago_charge_on_card",
      "Ese pago de Mercado Pago cargó una tarjeta prepaga: anulá la carga antes de devolverlo",
    );
  // An account payment is never undone: the money paid the customer's debt (correct it with an adjustment).
  const onAccount = stmt(
    ctx.db,
    "SELECT 1 FROM mercadopago_charges WHERE id = ? AND account_entry_id IS NOT NULL",
  ).get(id);
  if (onAccount)
    throw new DomainError(
      "conflict",
      "mercadopago_charge_on_account",
      "Ese pago de Mercado Pago pagó una cuenta corriente: no se devuelve desde acá",
    );
  const { mp } = connectedClient(ctx, deps);
  try {
    applyOrder(ctx, await mp.refundOrder(charge.orderId!, `${charge.idempotencyKey}-refund`));
  } catch (err) {
    throw refusalOf(err);
  }
  recordAudit(ctx.db, {
    at: isoNow(ctx),
    staffId: principal.staffId,
    terminalId: principal.terminalId,
    action: "mercadopago.refund",
    entity: "mercadopago_charge",
    entityId: id,
    details: { orderId: charge.orderId, amount: charge.amount, saleId: charge.saleId },
  });
  return getCharge(ctx, id);
}

/**
 * Gives back `amount` of what a sale was paid through Mercado Pago, at MP, before the return that records
 * it (the return's "mercadopago" refund is then accepted up to what MP gave back). A partial refund names
 * the payment and the amount. The key is the charge's, what was already given back and the amount: a
 * retry after a lost answer sends the same key and MP answers the same refund, never a second one.
 */
export async function refundSale(
  ctx: Ctx,
  deps: MpDeps,
  principal: Principal,
  saleId: string,
  amount: number,
): Promise<Charge> {
  const charges = stmt(ctx.db, `${VIEW} WHERE c.sale_id = ? AND c.status IN ('processed', 'refunded')`).all(
    saleId,
  ) as Charge[];
  if (charges.length === 0)
    throw new DomainError(
      "not_found",
      "sale_not_paid_by_mercadopago",
      "Esa venta no se cobró con Mercado Pago",
    );
  const charge = charges.find((c) => c.amount - c.refunded >= amount);
  if (!charge)
    throw new DomainError(
      "invalid",
      "mercadopago_refund_exceeds",
      "Por Mercado Pago se devuelve como máximo lo que queda de lo cobrado en esa venta",
    );
  const row = chargeRow(ctx, charge.id);
  const { mp } = connectedClient(ctx, deps);
  const whole = charge.refunded === 0 && amount === charge.amount;
  try {
    applyOrder(
      ctx,
      await mp.refundOrder(
        row.orderId!,
        `${row.idempotencyKey}-refund-${charge.refunded}-${amount}`,
        whole ? undefined : amount,
      ),
      charge.id,
    );
  } catch (err) {
    throw refusalOf(err);
  }
  recordAudit(ctx.db, {
    at: isoNow(ctx),
    staffId: principal.staffId,
    terminalId: principal.terminalId,
    action: "mercadopago.refund",
    entity: "sale",
    entityId: saleId,
    details: { chargeId: charge.id, orderId: row.orderId, amount },
  });
  return getCharge(ctx, charge.id);
}
