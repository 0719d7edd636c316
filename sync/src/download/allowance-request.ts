import type { AllowanceGrant, AllowanceRequest } from "@mostrador/contracts/http/cloud-accounts";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { postToCloud, trimBase, type FetchLike } from "../upload/cloud-client.js";
import { readCredentials } from "../upload/upload-state.js";
import { applyCloudGrant } from "./allowance-apply.js";

/**
 * A store with internet asks the cloud for more of a customer's credit or points (POST /v1/allowances)
 * and records the grant at once, so the till can sell against it now; the same grant arriving later by
 * the allowance_grants shape is a no-op. Offline (or unlinked), nothing changes and the store keeps
 * selling within what it already holds.
 */
export async function askCloudForAllowance(
  ctx: Ctx,
  request: AllowanceRequest,
  fetchImpl: FetchLike = (url, init) => fetch(url, init),
  /** The till waits on this (desktop/src/allowances): a few seconds, then it sells within what it holds. */
  timeoutMs = 15_000,
): Promise<AllowanceGrant> {
  if (
    !ctx.db.prepare("SELECT 1 FROM customers WHERE id = ? AND merged_into IS NULL").get(request.customerId)
  ) {
    throw new DomainError("not_found", "customer_not_found", "El cliente no existe");
  }
  const credentials = readCredentials(ctx.db);
  if (!credentials) {
    throw new DomainError(
      "conflict",
      "not_linked",
      "Este equipo no está vinculado a la nube: el límite de crédito lo fija un encargado acá",
    );
  }
  const answer = await postToCloud(
    fetchImpl,
    `${trimBase(credentials.cloudUrl)}/v1/allowances`,
    JSON.stringify(request),
    credentials.token,
    timeoutMs,
  );
  if (answer.kind === "network") {
    throw new DomainError(
      "unavailable",
      "cloud_unreachable",
      `${answer.message}: se sigue vendiendo con el cupo que tiene este local`,
    );
  }
  if (answer.kind === "http")
    throw new DomainError(answer.status >= 500 ? "unavailable" : "invalid", answer.code, answer.message);
  const grant = answer.body as AllowanceGrant;
  if (grant.grantId && grant.amount > 0) {
    ctx.db.transaction(() =>
      applyCloudGrant(ctx, {
        grantId: grant.grantId as string,
        customerId: request.customerId,
        kind: request.kind,
        amount: grant.amount,
        expiresAt: grant.expiresAt,
      }),
    )();
    ctx.bus.emit("account.changed", { customerId: request.customerId });
  }
  return grant;
}
