import type { PaymentView } from "@mostrador/platform/mercadopago/api";
import type { Queryable } from "../db/sql.js";

/** A payment a link was just given (re-read from MP, first time for this (payment, status)). */
export interface LinkPayment {
  tenantId: string;
  reference: string;
  payment: PaymentView;
  at: Date;
}

/** Called inside the transaction that recorded the payment on its link: what it writes commits with it. */
export type LinkPaymentHandler = (q: Queryable, paid: LinkPayment) => Promise<void>;

/**
 * What other modules do when a payment link of theirs is paid (turnos: a held booking's seña). Each
 * registers the prefix of the references it creates ("turno-"); the payments module stays ignorant of
 * what a reference means.
 */
export class LinkPaymentHandlers {
  private readonly handlers = new Map<string, LinkPaymentHandler>();

  register(prefix: string, handler: LinkPaymentHandler): void {
    if (this.handlers.has(prefix)) throw new Error(`payment links: ${prefix} is already handled`);
    this.handlers.set(prefix, handler);
  }

  /** The prefixes other modules registered: references the owner may not use for their own links. */
  prefixes(): string[] {
    return [...this.handlers.keys()];
  }

  handlerOf(reference: string): LinkPaymentHandler | null {
    for (const [prefix, handler] of this.handlers) if (reference.startsWith(prefix)) return handler;
    return null;
  }
}
