import { cuitProblem, normalizeCuit } from "@mostrador/contracts/cuit";
import type {
  PriceRounding,
  PrinterSettings,
  ScaleLayout,
  ShopSettings,
} from "@mostrador/contracts/http/settings";
import type { ParseFailure } from "../input/parse-decimal.js";
import { centavosToInput, parsePercent, parsePesos, parseWhole } from "../input/parse-decimal.js";

/**
 * The settings screen's fields as typed, and the PATCH body made from them: only what changed, so saving the
 * printer does not rewrite (and re-audit) the shop's name. Limits mirror kernel/src/shop/settings.ts.
 */

export interface SettingsForm {
  name: string;
  legalName: string;
  taxId: string;
  address: string;
  receiptFooter: string;
  timeZone: string;
  locale: ShopSettings["locale"];
  /** Percent as typed ("10", "12,5"); stored as basis points (1000 = 10 %). */
  discountLimit: string;
  negativeStock: ShopSettings["negativeStock"];
  notifyLowStock: boolean;
  /** Pesos as typed ("5000", "2.500,50"); stored in centavos; "0": never tell the owner. */
  cashDifferenceAlert: string;
  /** How bulk price changes round new prices by default. */
  priceRounding: PriceRounding;
  printerInterface: string;
  printerType: PrinterSettings["type"];
  printerWidthMm: PrinterSettings["widthMm"];
  openDrawerOnCash: boolean;
  /** Wrong PINs before a lockout, and its minutes, as typed. */
  pinMaxAttempts: string;
  pinLockoutMinutes: string;
  /** Edited in place (every field is a choice, nothing to parse); sent whole when any layout changed. */
  scaleLayouts: ScaleLayout[];
  homeAssistantDiscovery: boolean;
}

export type SettingsPatch = Partial<
  Pick<
    ShopSettings,
    | "name"
    | "legalName"
    | "taxId"
    | "address"
    | "receiptFooter"
    | "timeZone"
    | "locale"
    | "discountLimitBp"
    | "negativeStock"
    | "notifyLowStock"
    | "cashDifferenceAlert"
    | "priceRounding"
    | "printer"
    | "pinMaxAttempts"
    | "pinLockoutMinutes"
    | "scaleLayouts"
    | "homeAssistantDiscovery"
  >
>;

export type SettingsProblemReason =
  ParseFailure | "required" | "too_long" | "cuit" | "printer_interface" | "out_of_range" | "duplicate_prefix";

/** The server's bounds of the PIN lockout policy (contracts/src/http/settings.ts). */
export const PIN_LIMITS = {
  pinMaxAttempts: { min: 1, max: 20 },
  pinLockoutMinutes: { min: 1, max: 1440 },
} as const;

/** A label-scale layout adds up to 13 digits: prefix (2) + item + value + check digit (1). */
export const valueDigitsFor = (itemDigits: number) => 10 - itemDigits;

/** A new layout: the first free prefix of 20–29, weight in grams, 5 + 5 digits. Null when all ten are used. */
export function newScaleLayout(layouts: readonly ScaleLayout[]): ScaleLayout | null {
  const used = new Set(layouts.map((l) => l.prefix));
  for (let prefix = 20; prefix <= 29; prefix++)
    if (!used.has(prefix)) return { prefix, itemDigits: 5, valueDigits: 5, kind: "weight", priceScale: 1 };
  return null;
}
export interface SettingsProblem {
  field: keyof SettingsForm;
  reason: SettingsProblemReason;
}

/** Text limits of the server's schema (shop/settings.ts ShopSettings). */
export const TEXT_LIMITS = {
  name: 80,
  legalName: 120,
  taxId: 20,
  address: 160,
  receiptFooter: 200,
  printerInterface: 200,
} as const;

/** Basis points → the percent a person types back: 1000 → "10", 1250 → "12,5", 1205 → "12,05". */
export function bpToPercentInput(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const cents = bp % 100;
  if (cents === 0) return String(whole);
  return `${whole},${String(cents).padStart(2, "0").replace(/0$/, "")}`;
}

export function settingsFormOf(s: ShopSettings): SettingsForm {
  return {
    name: s.name,
    legalName: s.legalName,
    taxId: s.taxId,
    address: s.address,
    receiptFooter: s.receiptFooter,
    timeZone: s.timeZone,
    locale: s.locale,
    discountLimit: bpToPercentInput(s.discountLimitBp),
    negativeStock: s.negativeStock,
    notifyLowStock: s.notifyLowStock,
    cashDifferenceAlert: centavosToInput(s.cashDifferenceAlert),
    priceRounding: s.priceRounding ?? "none",
    printerInterface: s.printer.interface,
    printerType: s.printer.type,
    printerWidthMm: s.printer.widthMm,
    openDrawerOnCash: s.printer.openDrawerOnCash,
    pinMaxAttempts: String(s.pinMaxAttempts),
    pinLockoutMinutes: String(s.pinLockoutMinutes),
    scaleLayouts: s.scaleLayouts.map((l) => ({ ...l })),
    homeAssistantDiscovery: s.homeAssistantDiscovery,
  };
}

/**
 * The printer's interface as the server's transport reads it (receipts/transport.ts parseInterface):
 * empty (no printer), "tcp://host[:port]", or a device path. Any other "scheme:" is a typo the server refuses.
 */
export function printerInterfaceOk(value: string): boolean {
  const v = value.trim();
  if (!v) return true;
  if (/^tcp:\/\/([^/:]+)(?::(\d+))?\/?$/i.test(v)) {
    const port = /:(\d+)\/?$/.exec(v.slice(6))?.[1];
    return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
  }
  return !(/^[a-z]+:/i.test(v) && !/^[a-z]:[\\/]/i.test(v));
}

/** Validates the form and returns only the fields that differ from `current`; `{}` when nothing changed. */
export function settingsPatchOf(form: SettingsForm, current: ShopSettings): SettingsPatch | SettingsProblem {
  const patch: SettingsPatch = {};
  const texts = ["name", "legalName", "address", "receiptFooter"] as const;
  for (const field of texts) {
    const value = form[field].trim();
    if (field === "name" && !value) return { field, reason: "required" };
    if (value.length > TEXT_LIMITS[field]) return { field, reason: "too_long" };
    if (value !== current[field]) patch[field] = value;
  }

  const taxId = form.taxId.trim();
  if (taxId !== current.taxId) {
    // Only a changed CUIT is checked: an old, odd value must not block saving the printer.
    if (taxId) {
      if (cuitProblem(taxId)) return { field: "taxId", reason: "cuit" };
      const normalized = normalizeCuit(taxId);
      if (normalized !== current.taxId) patch.taxId = normalized;
    } else patch.taxId = "";
  }

  if (!form.timeZone) return { field: "timeZone", reason: "required" };
  if (form.timeZone !== current.timeZone) patch.timeZone = form.timeZone;
  if (form.locale !== current.locale) patch.locale = form.locale;
  if (form.negativeStock !== current.negativeStock) patch.negativeStock = form.negativeStock;
  if (form.notifyLowStock !== current.notifyLowStock) patch.notifyLowStock = form.notifyLowStock;
  if (form.priceRounding !== (current.priceRounding ?? "none")) patch.priceRounding = form.priceRounding;

  const limit = parsePercent(form.discountLimit);
  if (!limit.ok) return { field: "discountLimit", reason: limit.reason };
  if (limit.value !== current.discountLimitBp) patch.discountLimitBp = limit.value;

  const difference = parsePesos(form.cashDifferenceAlert);
  if (!difference.ok) return { field: "cashDifferenceAlert", reason: difference.reason };
  if (difference.value !== current.cashDifferenceAlert) patch.cashDifferenceAlert = difference.value;

  for (const field of ["pinMaxAttempts", "pinLockoutMinutes"] as const) {
    const parsed = parseWhole(form[field]);
    if (!parsed.ok) return { field, reason: parsed.reason };
    const { min, max } = PIN_LIMITS[field];
    if (parsed.value < min || parsed.value > max) return { field, reason: "out_of_range" };
    if (parsed.value !== current[field]) patch[field] = parsed.value;
  }

  const prefixes = form.scaleLayouts.map((l) => l.prefix);
  if (new Set(prefixes).size !== prefixes.length)
    return { field: "scaleLayouts", reason: "duplicate_prefix" };
  const layouts = form.scaleLayouts.map((l) => ({ ...l, valueDigits: valueDigitsFor(l.itemDigits) }));
  if (JSON.stringify(layouts) !== JSON.stringify(current.scaleLayouts)) patch.scaleLayouts = layouts;
  if (form.homeAssistantDiscovery !== current.homeAssistantDiscovery)
    patch.homeAssistantDiscovery = form.homeAssistantDiscovery;

  const iface = form.printerInterface.trim();
  if (iface.length > TEXT_LIMITS.printerInterface) return { field: "printerInterface", reason: "too_long" };
  if (!printerInterfaceOk(iface)) return { field: "printerInterface", reason: "printer_interface" };
  const printer: PrinterSettings = {
    interface: iface,
    type: form.printerType,
    widthMm: form.printerWidthMm,
    openDrawerOnCash: form.openDrawerOnCash,
  };
  const was = current.printer;
  // The server stores `printer` as one value: any change sends the whole object.
  if (
    printer.interface !== was.interface ||
    printer.type !== was.type ||
    printer.widthMm !== was.widthMm ||
    printer.openDrawerOnCash !== was.openDrawerOnCash
  )
    patch.printer = printer;
  return patch;
}

export function isSettingsProblem(value: SettingsPatch | SettingsProblem): value is SettingsProblem {
  return "reason" in value;
}
