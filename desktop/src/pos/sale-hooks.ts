import type { DocType } from "@mostrador/contracts/http/customers";
import type { Return, Sale } from "@mostrador/contracts/http/sales";
import type { Ctx } from "@mostrador/kernel/core/context";
import type { Principal } from "@mostrador/kernel/staff/sessions";

/**
 * What a module that brings a payment method or rides on sales (accounts: "account"; loyalty: "points"
 * and earning) does inside the sale's, the return's and the void's OWN transaction: after the rows are
 * written and before the commit, so a refusal (a charge over the limit, more points than the customer
 * has) throws a DomainError and the whole sale is rolled back. pos/ knows no such module: each
 * registers its hook from its manifest file (desktop/src/<module>/module.ts), once, at composition;
 * the list holds functions, no state per database.
 */
/** What the sale's request named beyond its rows, for the module whose method needs it. */
export interface SaleExtras {
  /** The prepaid card a "card" payment charges (desktop/src/cards), or null. */
  cardId: string | null;
  /** The buyer's document the till asked at payment for the sale's automatic invoice (desktop/src/invoicing);
   * absent when the request did not carry it (the invoice is then queued or failed, never refused). */
  invoiceBuyer?: { docType: DocType; docNumber: string } | null;
  /** The turno the sale charges (desktop/src/turnos), or null; also in `sale.bookingId`. */
  bookingId?: string | null;
}

export interface SaleHooks {
  /** A sale was written (its payments included); `customerId` is the sale's customer or null. */
  saleWritten?(
    ctx: Ctx,
    principal: Principal,
    sale: Sale,
    customerId: string | null,
    extras: SaleExtras,
  ): void;
  /** A return of `sale` was written (its refunds included). */
  returnWritten?(ctx: Ctx, principal: Principal, saleReturn: Return, sale: Sale): void;
  /** `sale` was voided. */
  saleVoided?(ctx: Ctx, principal: Principal, sale: Sale): void;
}

const hooks: { name: string; hooks: SaleHooks }[] = [];

/** Registers a module's hooks; registering the same name again replaces them (a module imported twice). */
export function registerSaleHooks(name: string, h: SaleHooks): void {
  const at = hooks.findIndex((x) => x.name === name);
  if (at >= 0) hooks[at] = { name, hooks: h };
  else hooks.push({ name, hooks: h });
}

export function runSaleWritten(
  ctx: Ctx,
  principal: Principal,
  sale: Sale,
  customerId: string | null,
  extras: SaleExtras = { cardId: null },
): void {
  for (const { hooks: h } of hooks) h.saleWritten?.(ctx, principal, sale, customerId, extras);
}

export function runReturnWritten(ctx: Ctx, principal: Principal, saleReturn: Return, sale: Sale): void {
  for (const { hooks: h } of hooks) h.returnWritten?.(ctx, principal, saleReturn, sale);
}

export function runSaleVoided(ctx: Ctx, principal: Principal, sale: Sale): void {
  for (const { hooks: h } of hooks) h.saleVoided?.(ctx, principal, sale);
}
