import type { Erasure } from "@mostrador/contracts/http/customers";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { getCustomer } from "./customers.js";

/** The personal fields a customer op carries, nulled in every outbox payload that names the customer. */
const PERSONAL = ["$.docType", "$.docNumber", "$.phone", "$.email", "$.birthday", "$.notes", "$.loyaltyCode"];

/**
 * Nulls the personal fields of every outbox payload about the customer, sent or still waiting: a
 * restore or a resend then carries nothing personal. Sales name the customer by id only (no name in
 * their payloads), so they need no change.
 */
function redactOutbox(db: Db, customerId: string, keptDocNumber: string | null): number {
  const nulls = PERSONAL.filter((p) => !(keptDocNumber && (p === "$.docType" || p === "$.docNumber")))
    .map((p) => `'${p}', NULL`)
    .join(", ");
  const customerOps = stmt(
    db,
    `UPDATE outbox SET payload = json_set(payload, '$.name', '', '$.tags', json('[]'), ${nulls})
      WHERE entity = 'customer' AND entity_id = ? AND op IN ('created', 'updated')`,
  ).run(customerId).changes;
  return customerOps;
}

/**
 * Delete on request (a manager at the till; the owner from the dashboard erases in the cloud and the
 * shape brings it here). The row stays, with its personal fields nulled and erased_at set, so sales keep
 * an anonymous customer; the consent log loses its link to contact details (it never had them). What
 * fiscal law makes the shop keep is kept and said so: a CUIT/CUIL the customer may have been invoiced to (a
 * customer with one and at least one sale).
 */
export function eraseCustomer(ctx: Ctx, customerId: string, staffId: string | null): Erasure {
  return ctx.db.transaction(() => {
    const customer = getCustomer(ctx, customerId);
    if (customer.erasedAt) throw new DomainError("conflict", "customer_erased", "Ese cliente ya fue borrado");
    const hasSales = stmt(ctx.db, "SELECT 1 FROM sales WHERE customer_id = ? LIMIT 1").get(customerId);
    const keptDocNumber =
      hasSales && (customer.docType === "cuit" || customer.docType === "cuil") ? customer.docNumber : null;
    const at = isoNow(ctx);
    stmt(
      ctx.db,
      `UPDATE customers SET name = '', name_key = '', phone = NULL, email = NULL, birthday = NULL, notes = NULL,
         tags = '[]', loyalty_code = NULL, erased_at = ?, updated_at = ?,
         doc_type = CASE WHEN ? IS NULL THEN NULL ELSE doc_type END,
         doc_number = CASE WHEN ? IS NULL THEN NULL ELSE doc_number END
       WHERE id = ?`,
    ).run(at, at, keptDocNumber, keptDocNumber, customerId);
    stmt(ctx.db, "DELETE FROM customer_field_clocks WHERE customer_id = ?").run(customerId);
    const redactedOps = redactOutbox(ctx.db, customerId, keptDocNumber);
    enqueueOutbox(ctx.db, {
      entity: "customer",
      entityId: customerId,
      op: "erased",
      payload: { id: customerId, erasedAt: at, keptDocNumber, staffId, at },
      at,
    });
    if (staffId)
      recordAudit(ctx.db, {
        at,
        staffId,
        terminalId: null,
        action: "customer.erased",
        entity: "customer",
        entityId: customerId,
        details: { keptDocNumber: keptDocNumber !== null },
      });
    return { customer: getCustomer(ctx, customerId), keptDocNumber, redactedOps };
  })();
}
