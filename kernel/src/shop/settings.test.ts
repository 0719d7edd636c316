import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../core/test-context.js";
import { DEFAULT_SETTINGS, getSettings, updateSettings } from "./settings.js";

describe("shop settings", () => {
  let t: TestCore;
  beforeEach(() => {
    t = openTestCore();
  });
  afterEach(() => t.close());

  it("starts from the defaults: es-AR, Buenos Aires time, 10 % discount limit", () => {
    expect(getSettings(t.db)).toEqual(DEFAULT_SETTINGS);
    expect(getSettings(t.db).timeZone).toBe("America/Argentina/Buenos_Aires");
  });

  it("stores a partial change and keeps the rest", () => {
    updateSettings(t.db, { name: "Carnicería El Toro", discountLimitBp: 500 });
    expect(getSettings(t.db)).toMatchObject({
      name: "Carnicería El Toro",
      discountLimitBp: 500,
      locale: "es-AR",
    });
  });

  it("refuses an invalid value and changes nothing", () => {
    expect(() => updateSettings(t.db, { name: "Otro", discountLimitBp: 20_000 })).toThrow(
      /Configuración inválida/,
    );
    expect(getSettings(t.db).name).toBe(DEFAULT_SETTINGS.name);
  });

  it("refuses a label-scale layout whose digits do not make an EAN-13", () => {
    const layout = { prefix: 22, itemDigits: 5, valueDigits: 6, kind: "weight" as const, priceScale: 1 };
    expect(() => updateSettings(t.db, { scaleLayouts: [layout] })).toThrow(/no suma 13 dígitos/);
    expect(getSettings(t.db).scaleLayouts).toEqual(DEFAULT_SETTINGS.scaleLayouts);
  });

  it("refuses two layouts with the same prefix", () => {
    const layout = { prefix: 20, itemDigits: 5, valueDigits: 5, kind: "weight" as const, priceScale: 1 };
    expect(() => updateSettings(t.db, { scaleLayouts: [layout, { ...layout, kind: "price" }] })).toThrow(
      /mismo prefijo/,
    );
  });

  it("refuses a CUIT with a wrong check digit and an unknown time zone", () => {
    expect(() => updateSettings(t.db, { taxId: "30-71234567-2" })).toThrow(/CUIT/);
    expect(() => updateSettings(t.db, { timeZone: "America/Narnia" })).toThrow(/zona horaria/);
    expect(getSettings(t.db)).toEqual(DEFAULT_SETTINGS);
    updateSettings(t.db, { taxId: "30-71234567-1", timeZone: "America/La_Paz" });
    expect(getSettings(t.db)).toMatchObject({ taxId: "30-71234567-1", timeZone: "America/La_Paz" });
  });

  it("keeps Home Assistant discovery off until it is turned on, and accepts only true or false", () => {
    expect(getSettings(t.db).homeAssistantDiscovery).toBe(false);
    updateSettings(t.db, { homeAssistantDiscovery: true });
    expect(getSettings(t.db).homeAssistantDiscovery).toBe(true);
    expect(() => updateSettings(t.db, { homeAssistantDiscovery: "sí" as unknown as boolean })).toThrow(
      /Configuración inválida en \/homeAssistantDiscovery/,
    );
    expect(getSettings(t.db).homeAssistantDiscovery).toBe(true);
  });

  it("notifies low stock until the owner turns it off, and accepts only true or false", () => {
    expect(getSettings(t.db).notifyLowStock).toBe(true);
    updateSettings(t.db, { notifyLowStock: false });
    expect(getSettings(t.db).notifyLowStock).toBe(false);
    expect(() => updateSettings(t.db, { notifyLowStock: 0 as unknown as boolean })).toThrow(
      /Configuración inválida en \/notifyLowStock/,
    );
    expect(getSettings(t.db).notifyLowStock).toBe(false);
  });
});
