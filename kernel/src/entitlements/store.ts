import type { EntitlementRecord } from "@mostrador/contracts/billing/plans";
import type { SignedEntitlements } from "@mostrador/contracts/billing/signed-entitlements";
import { keyIdOf, parsePublicKey, verifyEntitlements } from "@mostrador/platform/entitlements/signature";
import { type Ctx, isoNow } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import type { Db } from "../db/open.js";
import { stmt } from "../db/statements.js";
import { restartUptime, saveUptime } from "./uptime.js";

interface PinnedKey {
  public_key: string;
  tenant_id: string;
}

const pinnedKey = (db: Db) =>
  stmt<[], PinnedKey>(db, "SELECT public_key, tenant_id FROM entitlements_key WHERE id = 1").get() ?? null;

/** Whether a cloud key is pinned (an appliance enrolled before entitlements has none until it asks). */
export function hasPinnedEntitlementsKey(db: Db): boolean {
  return pinnedKey(db) !== null;
}

/**
 * Pins the cloud's public key at enrollment (sync/src/upload/enroll.ts, in its transaction). Enrolling
 * again with a pairing code is the deliberate way to take a new key (a rotation); enrolling in another
 * tenant also forgets that tenant's record.
 */
export function pinEntitlementsKey(db: Db, input: { publicKey: string; tenantId: string; at: string }): void {
  if (!parsePublicKey(input.publicKey))
    throw new DomainError(
      "unavailable",
      "cloud_bad_answer",
      "La nube envió una clave de firma que no es válida",
    );
  const previous = pinnedKey(db);
  if (previous && previous.tenant_id !== input.tenantId) {
    stmt(db, "DELETE FROM entitlements_record").run();
    stmt(db, "DELETE FROM entitlements_uptime").run();
  }
  stmt(
    db,
    `INSERT INTO entitlements_key (id, public_key, key_id, tenant_id, pinned_at) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET public_key = excluded.public_key, key_id = excluded.key_id,
       tenant_id = excluded.tenant_id, pinned_at = excluded.pinned_at`,
  ).run(input.publicKey, keyIdOf(input.publicKey), input.tenantId, input.at);
}

export type Received = "stored" | "unchanged" | "refused";

/** What the record says, once verified; or why the stored one cannot be believed. */
export type StoredRecord =
  { kind: "none" } | { kind: "valid"; record: EntitlementRecord } | { kind: "invalid"; reason: string };

const refusalText: Record<string, string> = {
  bad_key: "la clave fijada al vincular no es válida",
  other_key: "firmado con otra clave que la de la nube vinculada",
  bad_signature: "la firma no corresponde al contenido",
  bad_payload: "el contenido no es un registro válido",
  other_tenant: "es de otra organización",
  older: "es más viejo que el guardado",
  no_key: "este equipo no tiene la clave de la nube (vinculalo de nuevo)",
};

function verify(
  db: Db,
  signed: SignedEntitlements,
): { ok: true; record: EntitlementRecord } | { ok: false; reason: string } {
  const key = pinnedKey(db);
  if (!key) return { ok: false, reason: "no_key" };
  const verified = verifyEntitlements(signed, key.public_key);
  if (!verified.ok) return verified;
  if (verified.record.tenantId !== key.tenant_id) return { ok: false, reason: "other_tenant" };
  return verified;
}

/**
 * A record from the cloud (the `entitlement_records` shape), in the caller's transaction. Kept only
 * when it verifies with the pinned key, is this tenant's and is newer than the one kept; anything else
 * is refused: logged in entitlements_refusals, nothing else changed (never thrown: the shape goes on).
 */
export function receiveEntitlements(ctx: Ctx, signed: SignedEntitlements): Received {
  const verified = verify(ctx.db, signed);
  if (!verified.ok) return refuse(ctx, verified.reason, signed.payload);
  const current = readEntitlements(ctx.db);
  if (current.kind === "valid") {
    const kept = Date.parse(current.record.issuedAt);
    const arriving = Date.parse(verified.record.issuedAt);
    if (arriving === kept && currentPayload(ctx.db) === signed.payload) return "unchanged";
    if (arriving <= kept) return refuse(ctx, "older", signed.payload);
  }
  saveUptime(ctx.db);
  stmt(
    ctx.db,
    `INSERT INTO entitlements_record (id, payload, signature, key_id, received_at) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET payload = excluded.payload, signature = excluded.signature,
       key_id = excluded.key_id, received_at = excluded.received_at`,
  ).run(signed.payload, signed.signature, signed.keyId, isoNow(ctx));
  restartUptime(ctx.db, verified.record.issuedAt);
  return "stored";
}

function refuse(ctx: Ctx, reason: string, payload: string): "refused" {
  stmt(ctx.db, "INSERT INTO entitlements_refusals (at, reason, payload) VALUES (?, ?, ?)").run(
    isoNow(ctx),
    reason,
    payload.slice(0, 4096),
  );
  // A log, not a history: an appliance refusing every record (enrolled before entitlements: no key) would
  // add one a day and one per reconnection for ever. The latest 200 say enough.
  stmt(
    ctx.db,
    "DELETE FROM entitlements_refusals WHERE id <= (SELECT max(id) - 200 FROM entitlements_refusals)",
  ).run();
  console.warn(`Habilitaciones: registro rechazado (${refusalText[reason] ?? reason})`);
  return "refused";
}

const currentPayload = (db: Db) =>
  stmt<[], { payload: string }>(db, "SELECT payload FROM entitlements_record WHERE id = 1").get()?.payload ??
  null;

/** The kept record, verified again at every read: a row edited in the SQLite file is not believed. */
export function readEntitlements(db: Db): StoredRecord {
  const row = stmt<[], { payload: string; signature: string; key_id: string }>(
    db,
    "SELECT payload, signature, key_id FROM entitlements_record WHERE id = 1",
  ).get();
  if (!row) return { kind: "none" };
  // Verifying costs a tenth of a millisecond; the same row and key are verified once per process.
  const key = pinnedKey(db);
  const cacheKey = `${key?.public_key}|${key?.tenant_id}|${row.key_id}|${row.signature}|${row.payload}`;
  const cached = verifiedCache.get(db);
  if (cached?.key === cacheKey) return cached.result;
  const verified = verify(db, { payload: row.payload, signature: row.signature, keyId: row.key_id });
  const result: StoredRecord = verified.ok
    ? { kind: "valid", record: verified.record }
    : { kind: "invalid", reason: refusalText[verified.reason] ?? verified.reason };
  verifiedCache.set(db, { key: cacheKey, result });
  return result;
}

const verifiedCache = new WeakMap<Db, { key: string; result: StoredRecord }>();
