import { LAPSED, PLANS } from "@mostrador/contracts/billing/plans";
import { newEntitlementsKeyPair, signEntitlements } from "@mostrador/platform/entitlements/signature";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../core/test-context.js";
import { DomainError } from "../core/errors.js";
import { createTerminal } from "../shop/terminals.js";
import { entitlementState, moduleAccess } from "./access.js";
import { entitlementsAnswer } from "./answer.js";
import { readEntitlements, receiveEntitlements } from "./store.js";
import { manualMonotonic, pinTestCloudKey } from "./test-support.js";
import { saveUptime, useMonotonic } from "./uptime.js";

const DAY = 86_400_000;
let core: TestCore;
beforeEach(() => {
  core = openTestCore();
});
afterEach(() => core.close());

const refusals = () =>
  core.db.prepare("SELECT reason FROM entitlements_refusals ORDER BY id").all() as { reason: string }[];
const storedRow = () => core.db.prepare("SELECT payload, signature FROM entitlements_record").get();

describe("an appliance that never received a record", () => {
  it("keeps every module on with no limits (demo, CLI tenants, before billing)", () => {
    expect(entitlementState(core)).toEqual({ kind: "unmanaged" });
    expect(entitlementsAnswer(core)).toMatchObject({ managed: false, banner: null, limits: null });
    expect(entitlementsAnswer(core).modules.every((m) => m.on)).toBe(true);
    for (let code = 1; code <= 12; code++) createTerminal(core, { code, name: `Caja ${code}` });
  });
});

describe("records from the cloud", () => {
  it("keeps a record signed by the pinned key and switches modules by it", () => {
    const cloud = pinTestCloudKey(core.db);
    const signed = cloud.signed({
      plan: "basico",
      modules: ["stock_purchasing"],
      limits: PLANS.basico.limits,
    });
    expect(receiveEntitlements(core, signed)).toBe("stored");
    const state = entitlementState(core);
    expect(moduleAccess(state, "stock_purchasing")).toEqual({ on: true });
    expect(moduleAccess(state, "turnos")).toEqual({
      on: false,
      code: "not_in_plan",
      reason: "Tu plan no incluye Turnos",
    });
  });

  it("refuses a row edited in the SQLite file at read: extras off with the reason, not unlocked", () => {
    const cloud = pinTestCloudKey(core.db);
    receiveEntitlements(
      core,
      cloud.signed({ modules: [], standing: "unpaid", plan: null, limits: LAPSED.limits }),
    );
    core.db
      .prepare(
        'UPDATE entitlements_record SET payload = replace(payload, \'"modules":[]\', \'"modules":["turnos"]\')',
      )
      .run();
    expect(readEntitlements(core.db)).toEqual({
      kind: "invalid",
      reason: "la firma no corresponde al contenido",
    });
    const turnos = moduleAccess(entitlementState(core), "turnos");
    expect(turnos).toMatchObject({ on: false, code: "record_invalid" });
    expect(entitlementsAnswer(core)).toMatchObject({ banner: "invalid", limits: LAPSED.limits });
  });

  it("refuses an older record, one signed by another key and one of another tenant: logged, nothing changed", () => {
    const cloud = pinTestCloudKey(core.db);
    expect(receiveEntitlements(core, cloud.signed({ issuedAt: "2026-11-21T13:00:00.000Z" }))).toBe("stored");
    const before = storedRow();
    const older = cloud.signed({ issuedAt: "2026-11-20T13:00:00.000Z", modules: ["cards", "iot", "turnos"] });
    expect(receiveEntitlements(core, older)).toBe("refused");
    const forger = newEntitlementsKeyPair();
    const foreign = signEntitlements(
      { ...JSON.parse(cloud.signed().payload), issuedAt: "2026-11-22T13:00:00.000Z", modules: ["iot"] },
      forger.privateKey,
    );
    expect(receiveEntitlements(core, foreign)).toBe("refused");
    expect(receiveEntitlements(core, { ...foreign, keyId: cloud.signed().keyId })).toBe("refused");
    const otherTenant = cloud.signed({
      tenantId: "0190b3c4-0000-7000-8000-00000000bbbb",
      issuedAt: "2026-11-23T13:00:00.000Z",
    });
    expect(receiveEntitlements(core, otherTenant)).toBe("refused");
    expect(storedRow()).toEqual(before);
    expect(refusals().map((r) => r.reason)).toEqual(["older", "other_key", "bad_signature", "other_tenant"]);
    // The same record delivered again (a snapshot re-read) is not a refusal.
    expect(receiveEntitlements(core, cloud.signed({ issuedAt: "2026-11-21T13:00:00.000Z" }))).toBe(
      "unchanged",
    );
  });

  it("refuses every record when no key was pinned (an appliance enrolled before entitlements)", () => {
    const cloud = pinTestCloudKey(core.db);
    core.db.prepare("DELETE FROM entitlements_key").run();
    expect(receiveEntitlements(core, cloud.signed())).toBe("refused");
    expect(entitlementState(core)).toEqual({ kind: "unmanaged" });
  });
});

describe("the grace period", () => {
  const issuedAt = "2026-11-21T13:00:00.000Z";

  it("counts the appliance's own uptime: turning the PC's clock back gives no days back", () => {
    const mono = manualMonotonic(core.db);
    const cloud = pinTestCloudKey(core.db);
    receiveEntitlements(core, cloud.signed({ issuedAt }));
    mono.advance(10 * DAY);
    core.clock.set("2026-11-01T13:00:00.000Z"); // three weeks before the signed time
    expect(entitlementState(core)).toMatchObject({ offlineDays: 10, graceDaysLeft: 4, graceOver: false });
    expect(entitlementsAnswer(core).banner).toBe("grace");
    mono.advance(5 * DAY);
    const state = entitlementState(core);
    expect(state).toMatchObject({ offlineDays: 15, graceDaysLeft: 0, graceOver: true });
    expect(moduleAccess(state, "turnos")).toEqual({
      on: false,
      code: "grace_over",
      reason:
        "Sin contacto con la nube hace 15 días: Turnos queda apagado hasta que vuelva la conexión (vender, la caja y los datos siguen funcionando)",
    });
    expect(entitlementsAnswer(core)).toMatchObject({ banner: "grace_over", limits: LAPSED.limits });
  });

  it("keeps the uptime across restarts (saved, and a new process counts on from it)", () => {
    const mono = manualMonotonic(core.db);
    receiveEntitlements(core, pinTestCloudKey(core.db).signed({ issuedAt }));
    core.clock.set(issuedAt);
    mono.advance(6 * DAY);
    saveUptime(core.db);
    // A restart: a new process whose monotonic clock starts again from its own zero.
    const restarted = { ms: 0, nowMs: () => restarted.ms };
    useMonotonic(core.db, restarted);
    restarted.ms += 3 * DAY;
    expect(entitlementState(core)).toMatchObject({ offlineDays: 9, graceDaysLeft: 5 });
  });

  it("counts the clock too, so nights with the PC off count; a clock turned forward shortens it", () => {
    manualMonotonic(core.db);
    receiveEntitlements(core, pinTestCloudKey(core.db).signed({ issuedAt }));
    core.clock.set("2026-11-24T13:00:00.000Z");
    expect(entitlementState(core)).toMatchObject({ offlineDays: 3, graceDaysLeft: 11 });
    core.clock.set("2026-12-20T13:00:00.000Z");
    expect(entitlementState(core)).toMatchObject({ graceOver: true });
  });

  it("starts again from a newer signed time", () => {
    const mono = manualMonotonic(core.db);
    const cloud = pinTestCloudKey(core.db);
    receiveEntitlements(core, cloud.signed({ issuedAt }));
    mono.advance(20 * DAY);
    expect(entitlementState(core)).toMatchObject({ graceOver: true });
    core.clock.set("2026-12-11T13:00:00.000Z");
    receiveEntitlements(core, cloud.signed({ issuedAt: "2026-12-11T13:00:00.000Z" }));
    expect(entitlementState(core)).toMatchObject({ offlineDays: 0, graceDaysLeft: 14, graceOver: false });
    expect(entitlementsAnswer(core).banner).toBeNull();
  });
});

describe("the plan's limits", () => {
  it("refuses a till over the plan's limit (403, nothing written); existing ones keep working", () => {
    const cloud = pinTestCloudKey(core.db);
    receiveEntitlements(core, cloud.signed({ limits: { ...PLANS.profesional.limits, tills: 2 } }));
    createTerminal(core, { code: 1, name: "Caja 1" });
    createTerminal(core, { code: 2, name: "Caja 2" });
    const refused = (() => {
      try {
        createTerminal(core, { code: 3, name: "Caja 3" });
      } catch (err) {
        return err;
      }
    })() as DomainError;
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ kind: "forbidden", code: "plan_limit_reached" });
    expect(refused.message).toBe("Tu plan permite hasta 2 cajas; para sumar más, cambiá de plan");
    expect(core.db.prepare("SELECT count(*) AS n FROM terminals").get()).toEqual({ n: 2 });
  });

  it("tells a past_due plan at the banner, with the extras still on", () => {
    receiveEntitlements(
      core,
      pinTestCloudKey(core.db).signed({ standing: "past_due", issuedAt: core.clock.now().toISOString() }),
    );
    expect(entitlementsAnswer(core)).toMatchObject({
      banner: "past_due",
      plan: "profesional",
      standing: "past_due",
    });
  });
});
