import type { Enrollment } from "@mostrador/contracts/http/cloud-appliances";
import type { PairingCode } from "@mostrador/contracts/http/cloud-stores";
import { randomInt } from "node:crypto";
import { hashToken, newToken } from "../auth/tokens.js";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import { setTenant, type Sql } from "../db/sql.js";
import { requireStore } from "./stores.js";
import { entitlementsPublicKey } from "../billing/entitlements/signing-key.js";

/** No 0/O, 1/I/L: a cashier copies the code from a phone screen onto the till's keyboard. */
export const PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const PAIRING_CODE_LENGTH = 8; // 31^8 ≈ 8.5·10^11 codes, each live for minutes
export const PAIRING_TTL_MS = 15 * 60 * 1000;

/** What the cashier typed, tolerant of case, spaces and dashes ("abcd-efgh"); null if it cannot be a code. */
export function normalizePairingCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== PAIRING_CODE_LENGTH) return null;
  for (const ch of code) if (!PAIRING_ALPHABET.includes(ch)) return null;
  return code;
}

function randomCode(): string {
  let code = "";
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return code;
}

export type { PairingCode };

/** A one-time code that enrolls one appliance into this store, valid for 15 minutes. */
export async function createPairingCode(
  sql: Sql,
  tenantId: string,
  storeId: string,
  clock: Clock,
): Promise<PairingCode> {
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + PAIRING_TTL_MS);
  return sql.withTenant(tenantId, async (q) => {
    await requireStore(q, storeId);
    // code_hash is unique across all tenants; a collision (astronomically rare) just draws again.
    // ON CONFLICT DO NOTHING keeps the transaction alive where a unique_violation would abort it.
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = randomCode();
      const inserted = await q.query(
        `INSERT INTO pairing_codes (id, tenant_id, store_id, code_hash, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code_hash) DO NOTHING RETURNING id`,
        [newId(), tenantId, storeId, hashToken(code), now, expiresAt],
      );
      if (inserted.length === 1) return { code, expiresAt: expiresAt.toISOString() };
    }
    throw new Error("no se pudo generar un código de vinculación único");
  });
}

export type { Enrollment };

const REFUSALS: Record<string, CloudError> = {
  unknown: new CloudError(
    "not_found",
    "pairing_code_unknown",
    "El código de vinculación no existe: revisalo",
  ),
  used: new CloudError(
    "conflict",
    "pairing_code_used",
    "Ese código de vinculación ya se usó: generá uno nuevo en el panel",
  ),
  expired: new CloudError(
    "gone",
    "pairing_code_expired",
    "El código de vinculación venció: generá uno nuevo en el panel",
  ),
};

/**
 * Trades a pairing code for an appliance credential scoped to the code's tenant and store. One
 * transaction: claim the code (SECURITY DEFINER, the tenant is not known yet), then act as that tenant
 * to insert the appliance. Any failure rolls back, so the code is not burned.
 */
export async function enroll(
  sql: Sql,
  rawCode: string,
  applianceName: string,
  clock: Clock,
): Promise<Enrollment> {
  const code = normalizePairingCode(rawCode);
  if (!code)
    throw new CloudError(
      "invalid",
      "pairing_code_malformed",
      `El código de vinculación tiene ${PAIRING_CODE_LENGTH} letras y números (sin 0, O, 1, I ni L)`,
    );
  const now = clock.now();
  return sql.tx(async (q) => {
    const [claim] = await q.query<{
      status: string;
      pairing_code_id: string;
      tenant_id: string;
      store_id: string;
    }>("SELECT status, pairing_code_id, tenant_id, store_id FROM claim_pairing_code($1, $2)", [
      hashToken(code),
      now,
    ]);
    if (!claim || claim.status !== "ok") throw REFUSALS[claim?.status ?? "unknown"] ?? REFUSALS.unknown;
    await setTenant(q, claim.tenant_id);
    const applianceId = newId();
    const token = newToken("moa_");
    await q.query(
      `INSERT INTO appliances (id, tenant_id, store_id, name, token_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [applianceId, claim.tenant_id, claim.store_id, applianceName.trim(), hashToken(token), now],
    );
    await q.query("UPDATE pairing_codes SET used_by_appliance = $1 WHERE id = $2", [
      applianceId,
      claim.pairing_code_id,
    ]);
    const entitlementsKey = await entitlementsPublicKey(q);
    return { applianceId, token, tenantId: claim.tenant_id, storeId: claim.store_id, entitlementsKey };
  });
}
