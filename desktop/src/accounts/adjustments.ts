import type { AccountSummary } from "@mostrador/contracts/http/accounts";
import { formatMoney } from "@mostrador/contracts/money";
import { MAX_AMOUNT } from "@mostrador/contracts/limits";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { appendLoyaltyEntry } from "../loyalty/entries.js";
import { requireCustomer } from "./customer.js";
import { appendAccountEntry } from "./entries.js";
import { accountSummary } from "./summary.js";

const NOTE_MAX = 200;

function cleanNote(note: unknown): string {
  const text = typeof note === "string" ? note.trim() : "";
  if (!text) throw new DomainError("invalid", "note_required", "Escribí el motivo del ajuste");
  if (text.length > NOTE_MAX) {
    throw new DomainError("invalid", "note_too_long", `El motivo admite como máximo ${NOTE_MAX} caracteres`);
  }
  return text;
}

/**
 * A manager corrects an account (+ the customer owes more, − less: a debt forgiven, a mistake undone).
 * Audited with the reason; it is an entry like any other, never an edit of one.
 */
export function adjustAccount(
  ctx: Ctx,
  principal: Principal,
  customerId: string,
  input: { amount: number; note: string },
): AccountSummary {
  const customer = requireCustomer(ctx, customerId);
  if (!Number.isSafeInteger(input.amount) || input.amount === 0 || Math.abs(input.amount) > MAX_AMOUNT) {
    throw new DomainError(
      "invalid",
      "invalid_adjustment",
      `El ajuste debe ser un importe distinto de cero de hasta ${formatMoney(MAX_AMOUNT)}`,
    );
  }
  const note = cleanNote(input.note);
  ctx.db
    .transaction(() => {
      const entryId = appendAccountEntry(ctx, {
        customerId: customer.id,
        kind: "adjustment",
        amount: input.amount,
        terminalId: principal.terminalId,
        staffId: principal.staffId,
        note,
      });
      recordAudit(ctx.db, {
        at: isoNow(ctx),
        staffId: principal.staffId,
        terminalId: principal.terminalId,
        action: "account.adjusted",
        entity: "customer",
        entityId: customer.id,
        details: { entryId, amount: input.amount, note },
      });
    })
    .immediate();
  ctx.bus.emit("account.changed", { customerId: customer.id });
  return accountSummary(ctx, customer.id);
}

/** A manager corrects a customer's points; audited. Taking more than the customer has is refused. */
export function adjustPoints(
  ctx: Ctx,
  principal: Principal,
  customerId: string,
  input: { points: number; note: string },
): AccountSummary {
  const customer = requireCustomer(ctx, customerId);
  if (!Number.isSafeInteger(input.points) || input.points === 0 || Math.abs(input.points) > 1_000_000) {
    throw new DomainError(
      "invalid",
      "invalid_adjustment",
      "El ajuste de puntos debe ser un número entero distinto de cero de hasta 1.000.000",
    );
  }
  const note = cleanNote(input.note);
  ctx.db
    .transaction(() => {
      if (input.points < 0) {
        const have = accountSummary(ctx, customer.id).availablePoints;
        if (-input.points > have) {
          throw new DomainError(
            "conflict",
            "not_enough_points",
            `${customer.name} tiene ${have} puntos: no se le pueden quitar ${-input.points}`,
            { available: have },
          );
        }
      }
      const entryId = appendLoyaltyEntry(ctx, {
        customerId: customer.id,
        kind: "adjustment",
        points: input.points,
        staffId: principal.staffId,
        note,
      });
      recordAudit(ctx.db, {
        at: isoNow(ctx),
        staffId: principal.staffId,
        terminalId: principal.terminalId,
        action: "loyalty.adjusted",
        entity: "customer",
        entityId: customer.id,
        details: { entryId, points: input.points, note },
      });
    })
    .immediate();
  ctx.bus.emit("account.changed", { customerId: customer.id });
  return accountSummary(ctx, customer.id);
}
