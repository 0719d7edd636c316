import { Value } from "@sinclair/typebox/value";
import { DomainError } from "../core/errors.js";
import type { Db } from "../db/open.js";
import { stmt } from "../db/statements.js";
import { cuitProblem } from "@mostrador/contracts/cuit";

// The settings' schema is the HTTP contract's (contracts/src/http/settings.ts): the API validates a change
// by it, and so does updateSettings before storing.
import { ShopSettings } from "@mostrador/contracts/http/settings";

export const DEFAULT_SETTINGS: ShopSettings = {
  name: "Mi negocio",
  legalName: "",
  taxId: "",
  address: "",
  ivaCondition: "responsable_inscripto",
  rubro: "almacen",
  receiptFooter: "¡Gracias por su compra!",
  timeZone: "America/Argentina/Buenos_Aires",
  locale: "es-AR",
  currency: "ARS",
  discountLimitBp: 1000,
  negativeStock: "warn",
  scaleLayouts: [
    { prefix: 20, itemDigits: 5, valueDigits: 5, kind: "price", priceScale: 100 },
    { prefix: 21, itemDigits: 5, valueDigits: 5, kind: "weight", priceScale: 1 },
  ],
  printer: { interface: "", type: "epson", widthMm: 80, openDrawerOnCash: true },
  pinMaxAttempts: 5,
  pinLockoutMinutes: 5,
  homeAssistantDiscovery: false,
  notifyLowStock: true,
  cashDifferenceAlert: 500_000,
  priceRounding: "none",
};

/** Reads the shop settings: stored values over defaults. Cheap enough to call per request. */
export function getSettings(db: Db): ShopSettings {
  const rows = stmt(db, "SELECT key, value FROM shop_settings").all() as { key: string; value: string }[];
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const row of rows) if (row.key in DEFAULT_SETTINGS) merged[row.key] = JSON.parse(row.value);
  return merged as ShopSettings;
}

/** Validates and stores a partial update; an invalid value throws and changes nothing. */
export function updateSettings(db: Db, patch: Partial<ShopSettings>): ShopSettings {
  const next = { ...getSettings(db), ...patch };
  if (!Value.Check(ShopSettings, next)) {
    const first = [...Value.Errors(ShopSettings, next)][0];
    throw new DomainError(
      "invalid",
      "invalid_settings",
      `Configuración inválida en ${first?.path ?? "?"}: ${first?.message ?? ""}`,
    );
  }
  if (patch.taxId !== undefined && patch.taxId !== "" && cuitProblem(patch.taxId)) {
    throw new DomainError(
      "invalid",
      "invalid_tax_id",
      `El CUIT "${patch.taxId}" no es válido (11 dígitos con su dígito verificador)`,
    );
  }
  if (!isTimeZone(next.timeZone)) {
    throw new DomainError(
      "invalid",
      "invalid_time_zone",
      `"${next.timeZone}" no es una zona horaria conocida`,
    );
  }
  const badLayout = next.scaleLayouts.find((l) => 2 + l.itemDigits + l.valueDigits + 1 !== 13);
  if (badLayout) {
    throw new DomainError(
      "invalid",
      "invalid_scale_layout",
      `El formato de balanza con prefijo ${badLayout.prefix} no suma 13 dígitos: prefijo (2) + artículo + valor + verificador (1)`,
    );
  }
  const prefixes = next.scaleLayouts.map((l) => l.prefix);
  if (new Set(prefixes).size !== prefixes.length) {
    throw new DomainError(
      "invalid",
      "duplicate_scale_prefix",
      "Hay dos formatos de balanza con el mismo prefijo",
    );
  }
  const put = db.prepare(
    "INSERT INTO shop_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) put.run(key, JSON.stringify(value));
  })();
  return next;
}

/** Every date on screen and on receipts goes through this zone: an unknown one must never be stored. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("es-AR", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
