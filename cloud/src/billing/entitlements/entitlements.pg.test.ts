import { generateKeyPairSync } from "node:crypto";
import type { EntitlementRecord } from "@mostrador/contracts/billing/plans";
import { PLANS } from "@mostrador/contracts/billing/plans";
import { verifyEntitlements } from "@mostrador/platform/entitlements/signature";
import { describe, expect, it } from "vitest";
import { bearer, enrolledAppliance, ownerWithStore, useTestCloud } from "../../test-support/test-cloud.js";
import { issueEntitlements } from "./issue.js";
import { entitlementsPublicKey } from "./signing-key.js";
import { sweepEntitlements } from "./sweep.js";

// The signed entitlement record from the cloud's side: issued per billed tenant, sent down the
// `entitlement_records` shape, verifiable with the key the appliance got at enrollment, re-signed on
// connect and by the sweep, never for an unbilled tenant.
const env = useTestCloud();
const DAY = 86_400_000;

interface ShapeMessage {
  headers: { operation?: string; control?: string };
  value?: { payload: string; signature: string; key_id: string; issued_at: string; store_id: string | null };
}

async function billedAppliance(label: string, trialDays = 14) {
  const { cloud, db } = env;
  const owner = await ownerWithStore(db.sql, cloud, label);
  // As sign-up writes it (billing/trial.ts): a trial from now.
  await db.sql.withTenant(owner.tenantId, (q) =>
    q.query("INSERT INTO billing_accounts (tenant_id, trial_ends_at, updated_at) VALUES ($1, $2, $3)", [
      owner.tenantId,
      new Date(cloud.clock.now().getTime() + trialDays * DAY),
      cloud.clock.now(),
    ]),
  );
  const appliance = (await enrolledAppliance(cloud, owner.token, owner.storeId)) as Awaited<
    ReturnType<typeof enrolledAppliance>
  > & { entitlementsKey: string };
  return { owner, appliance };
}

async function shapeRecord(token: string) {
  const res = await env.cloud.app.inject({
    method: "GET",
    url: "/v1/shape?table=entitlement_records&offset=-1",
    headers: bearer(token),
  });
  expect(res.statusCode).toBe(200);
  const rows = (res.json() as ShapeMessage[]).filter((m) => m.value);
  expect(rows).toHaveLength(1);
  return rows[0]!.value!;
}

function verified(row: NonNullable<ShapeMessage["value"]>, key: string): EntitlementRecord {
  const result = verifyEntitlements(
    { payload: row.payload, signature: row.signature, keyId: row.key_id },
    key,
  );
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.record;
}

describe("the signed entitlement record, cloud side", () => {
  it("gives the appliance the cloud's public key at enrollment, and a record it verifies with it", async () => {
    const { owner, appliance } = await billedAppliance("firma");
    expect(appliance.entitlementsKey).toMatch(/^MCowBQYDK2VwAyEA/);
    const row = await shapeRecord(appliance.token);
    expect(row.store_id).toBeNull();
    const record = verified(row, appliance.entitlementsKey);
    expect(record).toMatchObject({
      tenantId: owner.tenantId,
      standing: "trial",
      plan: "profesional",
      modules: [...PLANS.profesional.modules].sort(),
      limits: PLANS.profesional.limits,
      issuedAt: env.cloud.clock.now().toISOString(),
    });
  });

  it("re-signs with a fresh cloud time when the appliance reconnects, at most once a minute", async () => {
    const { appliance } = await billedAppliance("reconexion");
    const first = await shapeRecord(appliance.token);
    env.cloud.clock.advance(30_000);
    expect((await shapeRecord(appliance.token)).issued_at).toBe(first.issued_at);
    env.cloud.clock.advance(31_000);
    const again = await shapeRecord(appliance.token);
    expect(verified(again, appliance.entitlementsKey).issuedAt).toBe(env.cloud.clock.now().toISOString());
  });

  it("turns the extras off when the trial ends with no event to say so: the sweep re-issues it", async () => {
    const { owner, appliance } = await billedAppliance("fin-de-prueba", 1);
    expect(verified(await shapeRecord(appliance.token), appliance.entitlementsKey).standing).toBe("trial");
    env.cloud.clock.advance(DAY + 1_000);
    await sweepEntitlements(env.db.sql, env.cloud.clock, () => {});
    const row = await env.db.sql.withTenant(owner.tenantId, (q) =>
      q.query<{ payload: string; signature: string; key_id: string }>(
        "SELECT payload, signature, key_id FROM entitlement_records",
      ),
    );
    const record = verified({ ...row[0]!, issued_at: "", store_id: null }, appliance.entitlementsKey);
    expect(record).toMatchObject({ standing: "trial_expired", plan: null, modules: [] });
    expect(record.limits).toEqual(PLANS.basico.limits);
  });

  it("sends no record to a tenant that is not billed (CLI, demo, before billing): it keeps every module", async () => {
    const owner = await ownerWithStore(env.db.sql, env.cloud, "sin-factura");
    const appliance = await enrolledAppliance(env.cloud, owner.token, owner.storeId);
    const res = await env.cloud.app.inject({
      method: "GET",
      url: "/v1/shape?table=entitlement_records&offset=-1",
      headers: bearer(appliance.token),
    });
    expect((res.json() as ShapeMessage[]).filter((m) => m.value)).toEqual([]);
  });

  it("signs with CLOUD_ENTITLEMENTS_KEY when it is configured, and refuses a key that is not Ed25519", async () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const configured = {
      CLOUD_ENTITLEMENTS_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    };
    const { owner } = await billedAppliance("clave-configurada");
    await env.db.sql.withTenant(owner.tenantId, async (q) => {
      env.cloud.clock.advance(DAY);
      expect(
        await issueEntitlements(q, owner.tenantId, env.cloud.clock.now(), {
          refreshAfterMs: 0,
          env: configured,
        }),
      ).toBe("issued");
      const [row] = await q.query<{ payload: string; signature: string; key_id: string }>(
        "SELECT payload, signature, key_id FROM entitlement_records",
      );
      const publicKey = await entitlementsPublicKey(q, configured);
      expect(
        verifyEntitlements(
          { payload: row!.payload, signature: row!.signature, keyId: row!.key_id },
          publicKey,
        ).ok,
      ).toBe(true);
    });
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    await expect(
      env.db.sql.tx((q) => entitlementsPublicKey(q, { CLOUD_ENTITLEMENTS_KEY: rsa.toString() })),
    ).rejects.toThrow("CLOUD_ENTITLEMENTS_KEY debe ser una clave Ed25519");
  });
});
