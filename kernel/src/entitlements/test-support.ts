import type { EntitlementRecord } from "@mostrador/contracts/billing/plans";
import { PLANS } from "@mostrador/contracts/billing/plans";
import {
  newEntitlementsKeyPair,
  publicKeyText,
  signEntitlements,
} from "@mostrador/platform/entitlements/signature";
import type { Db } from "../db/open.js";
import { pinEntitlementsKey } from "./store.js";
import { type Monotonic, useMonotonic } from "./uptime.js";

export const TEST_TENANT = "0190b3c4-0000-7000-8000-00000000aaaa";

/** A cloud's key pair for tests, its public key pinned in `db` as enrollment would. */
export function pinTestCloudKey(db: Db, tenantId = TEST_TENANT, at = "2026-11-21T13:00:00.000Z") {
  const keys = newEntitlementsKeyPair();
  pinEntitlementsKey(db, { publicKey: publicKeyText(keys.publicKey), tenantId, at });
  return {
    keys,
    /** A record of the tenant's profesional plan signed by the pinned key, with any field changed. */
    signed(over: Partial<EntitlementRecord> = {}) {
      return signEntitlements(
        {
          tenantId,
          plan: "profesional",
          standing: "active",
          modules: [...PLANS.profesional.modules].sort(),
          limits: { ...PLANS.profesional.limits },
          issuedAt: at,
          ...over,
        },
        keys.privateKey,
      );
    },
  };
}

/** A monotonic source moved by hand (the process's own uptime), installed for `db`. */
export function manualMonotonic(db: Db): Monotonic & { advance(ms: number): void } {
  let ms = 1_000;
  const source = { nowMs: () => ms, advance: (by: number) => void (ms += by) };
  useMonotonic(db, source);
  return source;
}
