import { type Static, Type } from "@sinclair/typebox";
import { Closed, Instant, Nullable } from "./fields.js";

/**
 * Appliances on the cloud (/v1/enroll, /v1/appliances*, /v1/appliance/me,
 * cloud/src/tenancy/appliance-routes.ts): the owner's list and the appliance's own credential.
 */

export const Appliance = Type.Object(
  {
    id: Type.String(),
    storeId: Type.String(),
    name: Type.String(),
    createdAt: Instant,
    lastSeenAt: Nullable(Instant),
    revokedAt: Nullable(Instant),
  },
  Closed,
);
export type Appliance = Static<typeof Appliance>;

/** GET /v1/appliances */
export const ApplianceList = Type.Object({ appliances: Type.Array(Appliance) }, Closed);
export type ApplianceList = Static<typeof ApplianceList>;

/**
 * POST /v1/enroll → 201: the appliance's credential, shown this once (the cloud keeps only its hash), and
 * the cloud's public key for entitlement records (base64 SPKI DER, Ed25519), which the appliance pins.
 */
export const Enrollment = Type.Object(
  {
    applianceId: Type.String(),
    token: Type.String(),
    tenantId: Type.String(),
    storeId: Type.String(),
    entitlementsKey: Type.Optional(Type.String()),
  },
  Closed,
);
export type Enrollment = Static<typeof Enrollment>;

/** Who an appliance's token says it is. */
export const AppliancePrincipal = Type.Object(
  { applianceId: Type.String(), tenantId: Type.String(), storeId: Type.String() },
  Closed,
);
export type AppliancePrincipal = Static<typeof AppliancePrincipal>;

/**
 * GET /v1/appliance/me: who the token says it is, and the cloud's key for entitlement records (what
 * enrollment hands over), so an appliance enrolled before entitlements pins it once over its own
 * authenticated channel (sync/src/download/entitlements-key.ts).
 */
export const ApplianceMe = Type.Object(
  { ...AppliancePrincipal.properties, entitlementsKey: Type.String() },
  Closed,
);
export type ApplianceMe = Static<typeof ApplianceMe>;
