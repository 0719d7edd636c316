import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, getSettings } from "@mostrador/kernel/shop/settings";
import { bearer, openTestApi, type TestApi } from "../test-api.js";
import { HOSTILE_TEXT } from "@mostrador/contracts/text-samples";

describe("settings API", () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await openTestApi();
  });
  afterEach(async () => t.close());

  it("shows the settings to anyone logged in, but only the owner may change them", async () => {
    const cashier = bearer(t.tokenFor("cashier"));
    const read = await t.app.inject({ method: "GET", url: "/api/settings", headers: cashier });
    expect(read.json()).toEqual(DEFAULT_SETTINGS);
    const refused = await t.app.inject({
      method: "PATCH",
      url: "/api/settings",
      headers: cashier,
      payload: { name: "Otro" },
    });
    expect(refused.statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: "PATCH",
          url: "/api/settings",
          headers: bearer(t.tokenFor("manager")),
          payload: { name: "Otro" },
        })
      ).statusCode,
    ).toBe(403);
    expect(getSettings(t.core.db).name).toBe(DEFAULT_SETTINGS.name);
  });

  it("applies a partial change, audits it and sends it to the cloud", async () => {
    const res = await t.app.inject({
      method: "PATCH",
      url: "/api/settings",
      headers: bearer(t.tokenFor("owner", "Martín")),
      payload: { name: "Almacén La Esquina", pinMaxAttempts: 3 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: "Almacén La Esquina", pinMaxAttempts: 3, pinLockoutMinutes: 5 });
    expect(getSettings(t.core.db).pinMaxAttempts).toBe(3);
    expect(t.core.db.prepare("SELECT action, details FROM audit_log").all()).toEqual([
      { action: "settings.updated", details: JSON.stringify({ keys: ["name", "pinMaxAttempts"] }) },
    ]);
    expect(t.core.db.prepare("SELECT entity, op FROM outbox").all()).toEqual([
      { entity: "shop_settings", op: "updated" },
    ]);
  });

  it("turns the owner's low-stock notifications off and on again", async () => {
    const headers = bearer(t.tokenFor("owner"));
    expect(getSettings(t.core.db).notifyLowStock).toBe(true);
    const off = await t.app.inject({
      method: "PATCH",
      url: "/api/settings",
      headers,
      payload: { notifyLowStock: false },
    });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ notifyLowStock: false });
    const read = await t.app.inject({ method: "GET", url: "/api/settings", headers });
    expect(read.json()).toMatchObject({ notifyLowStock: false });
    await t.app.inject({ method: "PATCH", url: "/api/settings", headers, payload: { notifyLowStock: true } });
    expect(getSettings(t.core.db).notifyLowStock).toBe(true);
  });

  it("refuses invalid settings with 400 and changes nothing", async () => {
    const headers = bearer(t.tokenFor("owner"));
    const bad: unknown[] = [
      { pinMaxAttempts: 0 },
      { pinMaxAttempts: 1e9 },
      { pinLockoutMinutes: -1 },
      { discountLimitBp: 10001 },
      { name: "" },
      { name: "x".repeat(81) },
      { locale: "fr" },
      { negativeStock: "maybe" },
      { notifyLowStock: "no" },
      { notifyLowStock: null },
      { notifyLowStock: [] },
      { cashDifferenceAlert: -1 },
      { cashDifferenceAlert: 10.5 },
      { cashDifferenceAlert: "5000" },
      { printer: { interface: "" } },
      { colour: "red" },
      { scaleLayouts: "none" },
      ...HOSTILE_TEXT.map(({ text }) => ({ name: text })),
      ...HOSTILE_TEXT.map(({ text }) => ({ printer: { ...DEFAULT_SETTINGS.printer, interface: text } })),
      { receiptFooter: "Gracias\u0000" },
      { receiptFooter: "Gracias\ud800" },
      { receiptFooter: "Gracias\u001b[2J" },
    ];
    for (const payload of bad) {
      const res = await t.app.inject({
        method: "PATCH",
        url: "/api/settings",
        headers,
        payload: payload as object,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.message).toBeTruthy();
    }
    const malformed = await t.app.inject({
      method: "PATCH",
      url: "/api/settings",
      headers: { ...headers, "content-type": "application/json" },
      payload: "{",
    });
    expect(malformed.statusCode).toBe(400);
    expect(getSettings(t.core.db)).toEqual(DEFAULT_SETTINGS);
    expect(t.core.db.prepare("SELECT COUNT(*) AS n FROM outbox").get()).toEqual({ n: 0 });
  });

  it("takes line breaks in the receipt footer, the one multi-line setting, and nowhere else", async () => {
    const headers = bearer(t.tokenFor("owner"));
    const patch = (payload: object) =>
      t.app.inject({ method: "PATCH", url: "/api/settings", headers, payload });
    const footer = "¡Gracias por su compra!\r\nCambios:\tdentro de 30 días";
    const ok = await patch({ receiptFooter: footer });
    expect(ok.statusCode).toBe(200);
    expect(getSettings(t.core.db).receiptFooter).toBe(footer);
    const refused = await patch({ address: "Av. Siempreviva\n742" });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/^El campo "address" contiene un salto de línea/);
    expect(getSettings(t.core.db).address).toBe(DEFAULT_SETTINGS.address);
  });
});
