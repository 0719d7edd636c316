import { sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { EntitlementRecord } from "@mostrador/contracts/billing/plans";
import { canonicalEntitlements } from "@mostrador/contracts/billing/signed-entitlements";
import {
  keyIdOf,
  newEntitlementsKeyPair,
  publicKeyText,
  signEntitlements,
  verifyEntitlements,
} from "./signature.js";

const record: EntitlementRecord = {
  tenantId: "0190b3c4-0000-7000-8000-000000000001",
  plan: "profesional",
  standing: "active",
  modules: ["cards", "fiscal", "marketing", "stock_purchasing", "turnos"],
  limits: { stores: 3, tills: 6, devices: 10, api_calls_month: 100_000, marketing_messages_month: 2_000 },
  issuedAt: "2026-12-07T13:00:00.000Z",
};

describe("entitlement signatures", () => {
  const keys = newEntitlementsKeyPair();
  const pinned = publicKeyText(keys.publicKey);

  it("encodes a record canonically: sorted keys, no spaces, whatever order it was built in", () => {
    const shuffled = {
      issuedAt: record.issuedAt,
      limits: { ...record.limits },
      modules: record.modules,
      standing: record.standing,
      plan: record.plan,
      tenantId: record.tenantId,
    } as EntitlementRecord;
    expect(canonicalEntitlements(shuffled)).toBe(canonicalEntitlements(record));
    expect(canonicalEntitlements(record)).toBe(
      '{"issuedAt":"2026-12-07T13:00:00.000Z","limits":{"api_calls_month":100000,"devices":10,' +
        '"marketing_messages_month":2000,"stores":3,"tills":6},"modules":["cards","fiscal","marketing",' +
        '"stock_purchasing","turnos"],"plan":"profesional","standing":"active",' +
        '"tenantId":"0190b3c4-0000-7000-8000-000000000001"}',
    );
  });

  it("verifies the cloud's signature with the pinned key and gives the record back", () => {
    const signed = signEntitlements(record, keys.privateKey);
    expect(signed.keyId).toBe(keyIdOf(pinned));
    expect(verifyEntitlements(signed, pinned)).toEqual({ ok: true, record });
  });

  it("refuses a payload edited after signing (a module added)", () => {
    const signed = signEntitlements({ ...record, modules: ["stock_purchasing"] }, keys.privateKey);
    const forged = {
      ...signed,
      payload: signed.payload.replace('["stock_purchasing"]', '["iot","stock_purchasing"]'),
    };
    expect(verifyEntitlements(forged, pinned)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a record signed by another key, even one claiming the pinned key's id", () => {
    const other = newEntitlementsKeyPair();
    const signed = signEntitlements(record, other.privateKey);
    expect(verifyEntitlements(signed, pinned)).toEqual({ ok: false, reason: "other_key" });
    expect(verifyEntitlements({ ...signed, keyId: keyIdOf(pinned) }, pinned)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses a validly signed payload that is not a canonical record", () => {
    // The right key signing bytes that are not the canonical encoding: only the encoding check refuses them.
    const payload = JSON.stringify(record, null, 1);
    const signature = sign(null, Buffer.from(payload, "utf8"), keys.privateKey).toString("base64");
    const signed = { payload, signature, keyId: keyIdOf(pinned) };
    expect(verifyEntitlements(signed, pinned)).toEqual({ ok: false, reason: "bad_payload" });
  });

  it("refuses a pinned key that is not an Ed25519 public key", () => {
    const signed = signEntitlements(record, keys.privateKey);
    expect(verifyEntitlements(signed, "bm90IGEga2V5")).toEqual({ ok: false, reason: "bad_key" });
  });
});
