import { createPrivateKey, type KeyObject } from "node:crypto";
import { newEntitlementsKeyPair, publicKeyText } from "@mostrador/platform/entitlements/signature";
import type { Queryable } from "../../db/sql.js";

/**
 * The cloud's Ed25519 key that signs entitlement records. From configuration (CLOUD_ENTITLEMENTS_KEY:
 * the PKCS#8 private key, PEM or base64 DER) in production; otherwise generated ONCE and kept in the
 * database (`entitlement_signing_keys`, cloud 0029, read through `entitlement_signing_key()`) for the embedded and dev clouds. Never in the repo.
 */
export async function entitlementsSigningKey(
  q: Queryable,
  env: NodeJS.ProcessEnv = process.env,
): Promise<KeyObject> {
  const configured = env.CLOUD_ENTITLEMENTS_KEY?.trim();
  if (configured) return parseConfiguredKey(configured);
  // Through a SECURITY DEFINER function (cloud 0029): the key is no tenant's row, so the service role
  // cannot SELECT it.
  const keep = async (candidate: string | null) =>
    (await q.query<{ key: string | null }>("SELECT entitlement_signing_key($1) AS key", [candidate]))[0]
      ?.key ?? null;
  const stored = await keep(null);
  if (stored) return createPrivateKey(stored);
  const pem = newEntitlementsKeyPair().privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  // Two first issuances at once: one key wins, and both read it back.
  return createPrivateKey((await keep(pem))!);
}

/** The public half as the appliance pins it at enrollment (base64 SPKI DER). */
export async function entitlementsPublicKey(
  q: Queryable,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return publicKeyText(await entitlementsSigningKey(q, env));
}

function parseConfiguredKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.includes("-----BEGIN")
      ? createPrivateKey(text)
      : createPrivateKey({ key: Buffer.from(text, "base64"), format: "der", type: "pkcs8" });
  } catch {
    throw new Error("CLOUD_ENTITLEMENTS_KEY no es una clave privada PKCS#8 (PEM o base64 DER)");
  }
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error("CLOUD_ENTITLEMENTS_KEY debe ser una clave Ed25519");
  return key;
}
