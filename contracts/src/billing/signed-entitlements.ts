import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import canonicalize from "canonicalize";
import { type EntitlementRecord, EntitlementRecordSchema } from "./plans.js";

/**
 * The entitlement record as it travels from the cloud to the appliance (issue 18, "Entitlements at the
 * edge"): the record's canonical JSON (RFC 8785, JCS: sorted keys, no spaces, numbers as JavaScript
 * prints them) and the cloud's Ed25519 signature over exactly those bytes. The cloud signs, the appliance
 * verifies with the key it pinned at enrollment; both encode with `canonicalEntitlements` from here.
 */

/** The shape's row (cloud `entitlement_records`, shape `entitlements`): one per tenant. */
export const SignedEntitlementsSchema = Type.Object(
  {
    /** `canonicalEntitlements(record)`: what was signed, byte for byte. */
    payload: Type.String({ minLength: 2, maxLength: 4096 }),
    /** Ed25519 signature of the payload's UTF-8 bytes, base64. */
    signature: Type.String({ minLength: 1, maxLength: 200 }),
    /** Which cloud key signed it (the SHA-256 of its public key, hex, first 16 characters). */
    keyId: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);
export type SignedEntitlements = Static<typeof SignedEntitlementsSchema>;

/** RFC 8785 canonical JSON of a record: the one encoding both sides sign and verify. */
export function canonicalEntitlements(record: EntitlementRecord): string {
  const text = (canonicalize as unknown as (v: unknown) => string | undefined)(record);
  if (text === undefined) throw new Error("El registro de habilitaciones no se puede codificar");
  return text;
}

/**
 * The record inside a payload, when the payload is a valid record in canonical form (a payload that
 * parses but is not canonical was not written by the cloud's encoder: refused); null otherwise.
 */
export function entitlementsOfPayload(payload: string): EntitlementRecord | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!Value.Check(EntitlementRecordSchema, parsed)) return null;
  if (Number.isNaN(Date.parse(parsed.issuedAt))) return null;
  return canonicalEntitlements(parsed) === payload ? parsed : null;
}
