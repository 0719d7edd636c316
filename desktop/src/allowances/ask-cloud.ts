import type { AskCloud, AskCloudInput } from "@mostrador/contracts/http/accounts";
import type { AllowanceGrant, AllowanceRequest } from "@mostrador/contracts/http/cloud-accounts";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { availableCredit, availablePoints, returnExpiredGrants } from "../accounts/allowance.js";
import { requireCustomer } from "../accounts/customer.js";
import { accountSummary } from "../accounts/summary.js";
import { getLoyaltyRules, pointsFor } from "../loyalty/rules.js";

/**
 * How this store reaches the cloud's POST /v1/allowances (sync's askCloudForAllowance, handed in by the
 * appliance's composition: a domain module never imports sync). It records a grant before it answers.
 */
export type CloudAsker = (ctx: Ctx, request: AllowanceRequest, timeoutMs: number) => Promise<AllowanceGrant>;

/** The till waits on the cloud at most this long, then sells within what the store holds. */
export const ASK_TIMEOUT_MS = 4_000;

const availableOf = (ctx: Ctx, customerId: string, kind: AskCloudInput["kind"]) => {
  // An expired grant is not the store's to spend: hand it back before counting (allowance.ts).
  ctx.db.transaction(() => returnExpiredGrants(ctx, customerId)).immediate();
  return kind === "credit" ? availableCredit(ctx, customerId) : availablePoints(ctx, customerId);
};

/**
 * This store asks the cloud for more of a customer's credit (centavos) or points: `cover` asks for what a
 * sale of `amount` lacks (nothing when the store already holds it), `more` for `amount` more. Never
 * throws for the cloud's sake: offline, unlinked or refused, the answer says so and what the store may
 * spend now, so the till can tell the cashier and go on. The sale itself is checked again in its own
 * transaction: a grant that did not come never lets a sale through.
 */
export async function askCloudFor(
  ctx: Ctx,
  ask: CloudAsker,
  customerId: string,
  input: AskCloudInput,
  timeoutMs = ASK_TIMEOUT_MS,
): Promise<AskCloud> {
  requireCustomer(ctx, customerId);
  const needed = neededOf(ctx, input);
  const before = availableOf(ctx, customerId, input.kind);
  const asked = input.mode === "more" ? input.amount : Math.max(0, needed - before);
  const answer = (
    outcome: AskCloud["outcome"],
    granted: number,
    message: string | null = null,
  ): AskCloud => ({
    outcome,
    asked,
    granted,
    message,
    account: accountSummary(ctx, customerId),
  });
  if (asked === 0) return answer("enough", 0);
  let grant: AllowanceGrant;
  try {
    grant = await ask(ctx, { customerId, kind: input.kind, amount: asked }, timeoutMs);
  } catch (err) {
    if (!(err instanceof DomainError)) return answer("offline", 0);
    if (err.code === "not_linked") return answer("not_linked", 0);
    if (err.kind === "unavailable") return answer("offline", 0);
    // The cloud refused with a reason of its own (its error envelope): the cashier reads it.
    return answer("refused", 0, err.message);
  }
  if (grant.amount <= 0) return answer("refused", 0);
  return answer(grant.amount >= asked ? "granted" : "partial", grant.amount);
}

/** What the store must hold for the request, in the kind's own unit (centavos of credit, points). */
function neededOf(ctx: Ctx, input: AskCloudInput): number {
  if (input.mode !== "cover_money") return input.amount;
  const rules = getLoyaltyRules(ctx);
  if (input.kind !== "points" || !rules.enabled) {
    throw new DomainError(
      "invalid",
      input.kind !== "points" ? "credit_not_by_value" : "loyalty_off",
      input.kind !== "points"
        ? "Solo los puntos se piden por su valor en pesos"
        : "El programa de puntos está apagado (Ajustes)",
    );
  }
  return pointsFor(rules, input.amount);
}
