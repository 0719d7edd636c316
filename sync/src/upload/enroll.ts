import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { pinEntitlementsKey } from "@mostrador/kernel/entitlements/store";
import { type FetchLike, postToCloud, trimBase } from "./cloud-client.js";
import { readCredentials } from "./upload-state.js";

export interface EnrollInput {
  cloudUrl: string;
  code: string;
  name: string;
}

import type { EnrollResult } from "@mostrador/contracts/http/sync";
import type { Enrollment } from "@mostrador/contracts/http/cloud-appliances";

function cleanUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new DomainError(
      "invalid",
      "invalid_cloud_url",
      "La dirección de la nube no es válida (ej. https://nube.ejemplo.com)",
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new DomainError(
      "invalid",
      "invalid_cloud_url",
      "La dirección de la nube debe empezar con https://",
    );
  return trimBase(url.toString());
}

/**
 * Trades a pairing code (typed by the cashier, created by the owner in the dashboard) for this
 * appliance's credential: POST {cloudUrl}/v1/enroll, then stores it in sync_credentials. Re-enrolling
 * replaces the credential; the upload then continues from where it was (acked_seq is kept).
 */
export async function enrollAppliance(
  ctx: Ctx,
  input: EnrollInput,
  actor: Principal | null = null,
  fetchImpl: FetchLike = (url, init) => fetch(url, init),
): Promise<EnrollResult> {
  const cloudUrl = cleanUrl(input.cloudUrl);
  const answer = await postToCloud(
    fetchImpl,
    `${cloudUrl}/v1/enroll`,
    JSON.stringify({ code: input.code, applianceName: input.name }),
    null,
    15_000,
  );
  if (answer.kind === "network")
    throw new DomainError(
      "unavailable",
      "cloud_unreachable",
      `${answer.message}: revisá la dirección y la conexión`,
    );
  if (answer.kind === "http") {
    const kind =
      answer.status >= 500
        ? "unavailable"
        : answer.status === 409
          ? "conflict"
          : answer.status === 404
            ? "not_found"
            : "invalid";
    throw new DomainError(kind, answer.code, answer.message);
  }
  // The contract's answer, checked field by field: the network may bring anything.
  const body = answer.body as Partial<Enrollment> | null;
  if (!body?.applianceId || !body.token || !body.tenantId || !body.storeId)
    throw new DomainError("unavailable", "cloud_bad_answer", "La nube respondió algo inesperado al vincular");
  const at = isoNow(ctx);
  const { tenantId, entitlementsKey } = body;
  ctx.db.transaction(() => {
    // Paired to another cloud, tenant or store: that destination has none of this appliance's history, so
    // the upload starts over from the first outbox entry. (Back to the same one, nothing is lost by
    // keeping the position; and a resend would be harmless anyway, the cloud's applied_ops skips it.)
    const previous = readCredentials(ctx.db);
    const moved =
      previous !== null &&
      (previous.cloudUrl !== cloudUrl ||
        previous.tenantId !== body.tenantId ||
        previous.storeId !== body.storeId);
    if (moved) stmt(ctx.db, "UPDATE sync_state SET acked_seq = 0 WHERE id = 1").run();
    stmt(
      ctx.db,
      `INSERT INTO sync_credentials (id, cloud_url, appliance_id, tenant_id, store_id, token, name, enrolled_at)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET cloud_url = excluded.cloud_url, appliance_id = excluded.appliance_id,
         tenant_id = excluded.tenant_id, store_id = excluded.store_id, token = excluded.token,
         name = excluded.name, enrolled_at = excluded.enrolled_at`,
    ).run(cloudUrl, body.applianceId, body.tenantId, body.storeId, body.token, input.name, at);
    stmt(ctx.db, "UPDATE sync_state SET last_error = NULL, last_error_code = NULL WHERE id = 1").run();
    // The cloud's key for entitlement records, pinned now: records signed by any other key are refused.
    // (A cloud that sends none predates entitlements: the appliance keeps every module, as before.)
    if (entitlementsKey) pinEntitlementsKey(ctx.db, { publicKey: entitlementsKey, tenantId, at });
    recordAudit(ctx.db, {
      at,
      staffId: actor?.staffId ?? null,
      terminalId: actor?.terminalId ?? null,
      action: "sync.enroll",
      entity: "appliance",
      entityId: body.applianceId,
      details: { cloudUrl, storeId: body.storeId },
    });
  })();
  return { applianceId: body.applianceId, tenantId: body.tenantId, storeId: body.storeId, cloudUrl };
}
