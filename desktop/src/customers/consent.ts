import type { ConsentInput, Customer } from "@mostrador/contracts/http/customers";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { getCustomer } from "./customers.js";

/**
 * Records an opt-in or opt-out of marketing on one channel, with when, where and who. Never overwrites:
 * the log is the proof of consent; the latest row per channel is the state. The cloud copies each record
 * into the messaging module's consent records, which campaigns read.
 */
export function recordConsent(
  ctx: Ctx,
  customerId: string,
  input: ConsentInput,
  by: { staffId: string | null; source: "till" | "dashboard" },
): Customer {
  return ctx.db.transaction(() => {
    const customer = getCustomer(ctx, customerId);
    if (customer.erasedAt || customer.mergedInto)
      throw new DomainError("conflict", "customer_gone", "Ese cliente fue borrado o unificado con otro");
    if (input.granted) {
      const contact = input.channel === "email" ? customer.email : customer.phone;
      if (!contact)
        throw new DomainError(
          "invalid",
          "consent_without_contact",
          input.channel === "email"
            ? "Para aceptar correos el cliente necesita un correo electrónico"
            : "Para aceptar WhatsApp el cliente necesita un teléfono",
        );
    }
    const at = isoNow(ctx);
    const id = newId();
    stmt(
      ctx.db,
      `INSERT INTO customer_consents (id, customer_id, channel, granted, source, staff_id, at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, customerId, input.channel, input.granted ? 1 : 0, by.source, by.staffId, at);
    enqueueOutbox(ctx.db, {
      entity: "customer",
      entityId: customerId,
      op: "consent",
      payload: {
        id,
        customerId,
        channel: input.channel,
        granted: input.granted,
        source: by.source,
        staffId: by.staffId,
        at,
      },
      at,
    });
    return getCustomer(ctx, customerId);
  })();
}
