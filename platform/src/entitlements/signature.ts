import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";
import type { EntitlementRecord } from "@mostrador/contracts/billing/plans";
import {
  canonicalEntitlements,
  entitlementsOfPayload,
  type SignedEntitlements,
} from "@mostrador/contracts/billing/signed-entitlements";

/**
 * Ed25519 over the record's canonical JSON (contracts/src/billing/signed-entitlements.ts), with
 * node:crypto: the cloud signs with its private key, the appliance verifies with the public key it
 * pinned at enrollment. Public keys travel as base64 SPKI DER ("MCowBQYDK2VwAyEA…", 44 characters).
 */

/** A fresh key pair (the embedded/dev cloud's, kept in its database; tests). */
export function newEntitlementsKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync("ed25519");
}

/** A public key as it is sent at enrollment and pinned. */
export function publicKeyText(key: KeyObject): string {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return publicKey.export({ type: "spki", format: "der" }).toString("base64");
}

/** The key's id: the first 16 hex characters of the SHA-256 of its SPKI DER. */
export function keyIdOf(publicKeyBase64: string): string {
  return createHash("sha256").update(Buffer.from(publicKeyBase64, "base64")).digest("hex").slice(0, 16);
}

/** The public key from its text, or null when it is not an Ed25519 SPKI key. */
export function parsePublicKey(publicKeyBase64: string): KeyObject | null {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyBase64, "base64"), format: "der", type: "spki" });
    return key.asymmetricKeyType === "ed25519" ? key : null;
  } catch {
    return null;
  }
}

export function signEntitlements(record: EntitlementRecord, privateKey: KeyObject): SignedEntitlements {
  const payload = canonicalEntitlements(record);
  return {
    payload,
    signature: sign(null, Buffer.from(payload, "utf8"), privateKey).toString("base64"),
    keyId: keyIdOf(publicKeyText(privateKey)),
  };
}

export type Verified =
  | { ok: true; record: EntitlementRecord }
  | { ok: false; reason: "bad_key" | "other_key" | "bad_signature" | "bad_payload" };

/**
 * The record, only when the signature over the payload's exact bytes is the pinned key's AND the payload
 * is a valid record in canonical form. Anything else (an edited payload, another key, garbage) is refused.
 */
export function verifyEntitlements(signed: SignedEntitlements, pinnedKeyBase64: string): Verified {
  const key = parsePublicKey(pinnedKeyBase64);
  if (!key) return { ok: false, reason: "bad_key" };
  if (signed.keyId !== keyIdOf(pinnedKeyBase64)) return { ok: false, reason: "other_key" };
  let good: boolean;
  try {
    good = verify(null, Buffer.from(signed.payload, "utf8"), key, Buffer.from(signed.signature, "base64"));
  } catch {
    good = false;
  }
  if (!good) return { ok: false, reason: "bad_signature" };
  const record = entitlementsOfPayload(signed.payload);
  return record ? { ok: true, record } : { ok: false, reason: "bad_payload" };
}
