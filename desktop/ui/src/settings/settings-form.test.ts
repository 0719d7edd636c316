import { describe, expect, it } from "vitest";
import type { ShopSettings } from "@mostrador/contracts/http/settings";
import {
  bpToPercentInput,
  isSettingsProblem,
  newScaleLayout,
  printerInterfaceOk,
  type SettingsForm,
  settingsFormOf,
  settingsPatchOf,
} from "./settings-form.js";

const current: ShopSettings = {
  name: "Almacén La Esquina",
  legalName: "La Esquina de Tito S.R.L.",
  taxId: "30-71234567-1",
  address: "Av. Corrientes 1234, CABA",
  ivaCondition: "responsable_inscripto",
  rubro: "almacen",
  receiptFooter: "¡Gracias por su compra!",
  timeZone: "America/Argentina/Buenos_Aires",
  locale: "es-AR",
  currency: "ARS",
  discountLimitBp: 1000,
  negativeStock: "warn",
  printer: { interface: "", type: "epson", widthMm: 80, openDrawerOnCash: true },
  scaleLayouts: [],
  pinMaxAttempts: 5,
  pinLockoutMinutes: 5,
  homeAssistantDiscovery: false,
  notifyLowStock: true,
  cashDifferenceAlert: 500_000,
};

const edit = (changes: Partial<SettingsForm>) =>
  settingsPatchOf({ ...settingsFormOf(current), ...changes }, current);

describe("settings form → PATCH body", () => {
  it("sends nothing when nothing changed", () => {
    expect(edit({})).toEqual({});
  });

  it("sends only the changed field, trimmed", () => {
    expect(edit({ name: "  Almacén Tito  ", receiptFooter: current.receiptFooter })).toEqual({
      name: "Almacén Tito",
    });
  });

  it("converts the discount limit from percent to basis points", () => {
    expect(edit({ discountLimit: "12,5" })).toEqual({ discountLimitBp: 1250 });
    expect(edit({ discountLimit: "0" })).toEqual({ discountLimitBp: 0 });
    expect(edit({ discountLimit: "10,0" })).toEqual({});
  });

  it("refuses a discount limit that is not a percent between 0 and 100", () => {
    expect(edit({ discountLimit: "150" })).toEqual({ field: "discountLimit", reason: "too_large" });
    expect(edit({ discountLimit: "-5" })).toEqual({ field: "discountLimit", reason: "negative" });
    expect(edit({ discountLimit: "diez" })).toEqual({ field: "discountLimit", reason: "format" });
    expect(edit({ discountLimit: "" })).toEqual({ field: "discountLimit", reason: "empty" });
  });

  it("sends the whole printer object when one printer field changed", () => {
    expect(edit({ printerInterface: " tcp://192.168.0.50:9100 " })).toEqual({
      printer: { interface: "tcp://192.168.0.50:9100", type: "epson", widthMm: 80, openDrawerOnCash: true },
    });
    expect(edit({ printerWidthMm: 58, openDrawerOnCash: false })).toEqual({
      printer: { interface: "", type: "epson", widthMm: 58, openDrawerOnCash: false },
    });
  });

  it("requires a shop name and refuses text longer than the server stores", () => {
    expect(edit({ name: "   " })).toEqual({ field: "name", reason: "required" });
    expect(edit({ address: "x".repeat(161) })).toEqual({ field: "address", reason: "too_long" });
  });

  it("checks a changed CUIT's check digit and stores it with dashes", () => {
    expect(edit({ taxId: "20-12345678-0" })).toEqual({ field: "taxId", reason: "cuit" });
    expect(edit({ taxId: "20123456786" })).toEqual({ taxId: "20-12345678-6" });
    expect(edit({ taxId: "30712345671" })).toEqual({}); // same CUIT without dashes
    expect(edit({ taxId: "" })).toEqual({ taxId: "" });
  });

  it("does not block saving other fields over an old CUIT it would refuse", () => {
    const odd = { ...current, taxId: "123" };
    expect(settingsPatchOf({ ...settingsFormOf(odd), name: "Nuevo" }, odd)).toEqual({ name: "Nuevo" });
  });

  it("sends language, time zone and negative-stock policy changes", () => {
    expect(edit({ locale: "en", timeZone: "America/Argentina/Cordoba", negativeStock: "block" })).toEqual({
      locale: "en",
      timeZone: "America/Argentina/Cordoba",
      negativeStock: "block",
    });
  });

  it("reads the cash difference limit in pesos, sends centavos only when it changed, and refuses the rest", () => {
    expect(edit({ cashDifferenceAlert: "2.500,50" })).toEqual({ cashDifferenceAlert: 250_050 });
    expect(edit({ cashDifferenceAlert: "5000" })).toEqual({});
    expect(edit({ cashDifferenceAlert: "0" })).toEqual({ cashDifferenceAlert: 0 });
    expect(edit({ cashDifferenceAlert: "-5" })).toEqual({ field: "cashDifferenceAlert", reason: "negative" });
    expect(edit({ cashDifferenceAlert: "mucho" })).toEqual({
      field: "cashDifferenceAlert",
      reason: "format",
    });
  });

  it("sends the default price rounding only when it changed", () => {
    expect(edit({ priceRounding: "end99" })).toEqual({ priceRounding: "end99" });
    expect(edit({ priceRounding: "none" })).toEqual({});
  });

  it("sends the low-stock notification switch only when it was flipped", () => {
    expect(edit({ notifyLowStock: false })).toEqual({ notifyLowStock: false });
    expect(edit({ notifyLowStock: true })).toEqual({});
  });

  it("tells a problem apart from a patch", () => {
    expect(isSettingsProblem(edit({ name: "" }))).toBe(true);
    expect(isSettingsProblem(edit({ name: "Otro" }))).toBe(false);
  });
});

describe("percent shown for editing", () => {
  it("round-trips basis points without floating point", () => {
    expect(bpToPercentInput(1000)).toBe("10");
    expect(bpToPercentInput(1250)).toBe("12,5");
    expect(bpToPercentInput(1205)).toBe("12,05");
    expect(bpToPercentInput(0)).toBe("0");
    expect(bpToPercentInput(10_000)).toBe("100");
  });
});

describe("printer interface", () => {
  it("accepts what the appliance can print to", () => {
    for (const ok of [
      "",
      "tcp://192.168.0.50:9100",
      "tcp://impresora",
      "/dev/usb/lp0",
      "\\\\.\\COM3",
      "C:\\x",
    ])
      expect(printerInterfaceOk(ok)).toBe(true);
  });

  it("refuses other schemes and impossible ports", () => {
    for (const bad of ["printer:EPSON", "http://192.168.0.50", "tcp://host:99999", "tcp://host:0"])
      expect(printerInterfaceOk(bad)).toBe(false);
  });
});

describe("settingsPatchOf: PIN lockout, scale layouts, Home Assistant", () => {
  it("sends the lockout policy as whole numbers within the server's bounds", () => {
    expect(edit({ pinMaxAttempts: "3", pinLockoutMinutes: "15" })).toEqual({
      pinMaxAttempts: 3,
      pinLockoutMinutes: 15,
    });
    expect(edit({ pinMaxAttempts: "0" })).toEqual({ field: "pinMaxAttempts", reason: "out_of_range" });
    expect(edit({ pinMaxAttempts: "21" })).toEqual({ field: "pinMaxAttempts", reason: "out_of_range" });
    expect(edit({ pinLockoutMinutes: "1441" })).toEqual({
      field: "pinLockoutMinutes",
      reason: "out_of_range",
    });
    expect(edit({ pinLockoutMinutes: "2,5" })).toEqual({ field: "pinLockoutMinutes", reason: "decimals" });
    expect(edit({ pinMaxAttempts: "" })).toEqual({ field: "pinMaxAttempts", reason: "empty" });
  });

  it("sends the layouts whole, with the value digits that make 13, and refuses a repeated prefix", () => {
    const first = newScaleLayout([])!;
    expect(first).toEqual({ prefix: 20, itemDigits: 5, valueDigits: 5, kind: "weight", priceScale: 1 });
    const layout = { ...first, itemDigits: 4, kind: "price" as const, priceScale: 100 };
    expect(edit({ scaleLayouts: [layout] })).toEqual({ scaleLayouts: [{ ...layout, valueDigits: 6 }] });
    expect(edit({ scaleLayouts: [first, first] })).toEqual({
      field: "scaleLayouts",
      reason: "duplicate_prefix",
    });
    expect(newScaleLayout([first])?.prefix).toBe(21);
    const all = Array.from({ length: 10 }, (_, i) => ({ ...first, prefix: 20 + i }));
    expect(newScaleLayout(all)).toBeNull();
  });

  it("sends the Home Assistant discovery switch", () => {
    expect(edit({ homeAssistantDiscovery: true })).toEqual({ homeAssistantDiscovery: true });
  });
});
