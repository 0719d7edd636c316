import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";

/**
 * A sign-up becomes (or links) a lead of the operator's CRM, in the sign-up's own transaction: a lead
 * already known by the email is linked to the new tenant and keeps its stage; otherwise a new one
 * starts at "contact" from source "signup". Through the definer function `operator_lead_signed_up`
 * (operator/migrations): the tenant's role cannot read or write the operator's tables otherwise.
 */
export async function leadFromSignUp(
  q: Queryable,
  tenantId: string,
  lead: { businessName: string; email: string; rubro: string | null },
  now: Date,
): Promise<void> {
  await q.query("SELECT operator_lead_signed_up($1, $2, $3, $4, $5, $6, $7)", [
    newId(),
    newId(),
    tenantId,
    lead.businessName,
    lead.email,
    lead.rubro,
    now,
  ]);
}
