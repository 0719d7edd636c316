import { LAPSED, PLANS } from "@mostrador/contracts/billing/plans";
import { EntitlementsAnswer } from "@mostrador/contracts/http/entitlements";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { receiveEntitlements } from "@mostrador/kernel/entitlements/store";
import { manualMonotonic, pinTestCloudKey } from "@mostrador/kernel/entitlements/test-support";
import { newId } from "@mostrador/kernel/db/ids";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { type SaleFixture, seedSaleFixture, writeCounts } from "../pos/test-fixtures.js";

// The plan's modules at the edge over HTTP: routes of a module the record leaves off answer 403 with the
// reason and change nothing, while selling goes on, whatever the plan or the grace period says.
const DAY = 86_400_000;
let t: TestApi;
let f: SaleFixture;
let manager: Record<string, string>;
beforeEach(async () => {
  t = await openTestApi();
  f = seedSaleFixture(t.core, t.terminal);
  manager = bearer(createSession(t.core, f.manager.staffId, t.terminal.id));
});
afterEach(async () => t.close());

const sell = () =>
  t.app.inject({
    method: "POST",
    url: "/api/sales",
    headers: manager,
    payload: {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
      payments: [{ method: "cash", amount: 250_000, tendered: 250_000 }],
    },
  });
const get = (url: string) => t.app.inject({ method: "GET", url, headers: manager });
const newService = () =>
  t.app.inject({
    method: "POST",
    url: "/api/turnos/services",
    headers: manager,
    payload: { name: "Consulta", durationMinutes: 30, price: 1_000_000 },
  });

async function entitlements() {
  const res = await get("/api/entitlements");
  expectAnswer(EntitlementsAnswer, res);
  return res.json() as EntitlementsAnswer;
}

describe("modules switched off at the edge", () => {
  it("keeps every module on for an appliance that never received a record", async () => {
    expect((await get("/api/turnos/setup")).statusCode).toBe(200);
    expect((await get("/api/cards/settings")).statusCode).toBe(200);
    expect(await entitlements()).toMatchObject({ managed: false, banner: null });
  });

  it("answers 403 with the reason on an off module's routes, changing nothing, while sales go on", async () => {
    const cloud = pinTestCloudKey(t.core.db);
    const issuedAt = t.core.clock.now().toISOString();
    receiveEntitlements(
      t.core,
      cloud.signed({ plan: "basico", modules: ["stock_purchasing"], limits: PLANS.basico.limits, issuedAt }),
    );
    const setup = await get("/api/turnos/setup");
    expect(setup.statusCode).toBe(403);
    expect(setup.json()).toMatchObject({
      error: { code: "plan_module_off", message: "Tu plan no incluye Turnos" },
    });
    const before = writeCounts(t.core);
    const refused = await newService();
    expect(refused.statusCode).toBe(403);
    expect(writeCounts(t.core)).toEqual(before);
    expect((await get("/api/cards/settings")).json()).toMatchObject({
      error: { code: "plan_module_off", message: "Tu plan no incluye Tarjetas" },
    });
    expect((await sell()).statusCode).toBe(201);
    const answer = await entitlements();
    expect(answer).toMatchObject({ managed: true, plan: "basico", banner: null });
    expect(answer.modules.find((m) => m.module === "turnos")).toMatchObject({
      on: false,
      code: "not_in_plan",
    });
    expect(answer.modules.find((m) => m.module === "stock_purchasing")).toMatchObject({ on: true });
  });

  it("turns the extras off past the grace period with the reason, and back on with a fresh record", async () => {
    const mono = manualMonotonic(t.core.db);
    const cloud = pinTestCloudKey(t.core.db);
    const issuedAt = t.core.clock.now().toISOString();
    receiveEntitlements(t.core, cloud.signed({ issuedAt }));
    expect((await get("/api/turnos/setup")).statusCode).toBe(200);
    mono.advance(15 * DAY);
    const off = await get("/api/turnos/setup");
    expect(off.statusCode).toBe(403);
    expect(off.json()).toMatchObject({
      error: {
        code: "plan_grace_over",
        message:
          "Sin contacto con la nube hace 15 días: Turnos queda apagado hasta que vuelva la conexión (vender, la caja y los datos siguen funcionando)",
      },
    });
    expect((await sell()).statusCode).toBe(201);
    expect(await entitlements()).toMatchObject({ banner: "grace_over", limits: LAPSED.limits });
    t.core.clock.advance(60_000); // the cloud signs again once back in contact
    receiveEntitlements(t.core, cloud.signed({ issuedAt: t.core.clock.now().toISOString() }));
    expect((await get("/api/turnos/setup")).statusCode).toBe(200);
  });
});
