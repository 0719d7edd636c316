import type { Rule, RuleInput, Schedule } from "@mostrador/contracts/http/rules";
import type { Ctx } from "@mostrador/kernel/core/context";
import { createRule } from "./rule-store.js";

export type Rubro = "carniceria" | "panaderia" | "riego" | "tienda" | "bar";

/** What a device does in the shop; the seeded rules depend on it. Keys default to the usual sensor names. */
export type SeedDevice =
  | { role: "fridge" | "freezer"; deviceId: string; temperatureKey?: string }
  | { role: "door"; deviceId: string; doorKey?: string }
  | { role: "irrigation"; deviceId: string; moistureKey?: string; valveKey?: string }
  | { role: "power"; deviceId: string; powerKey?: string };

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
/** "After hours" for shops and bars unless told otherwise: 22:00–08:00 every night (crosses midnight). */
export const DEFAULT_AFTER_HOURS: Schedule = { days: EVERY_DAY, from: "22:00", to: "08:00" };

function templates(rubro: Rubro, d: SeedDevice, afterHours: Schedule): RuleInput[] {
  const cold = rubro === "carniceria" || rubro === "panaderia";
  const shop = rubro === "tienda" || rubro === "bar";
  if (d.role === "fridge" && cold) {
    const key = d.temperatureKey ?? "temperature";
    return [
      {
        name: "Heladera por encima de 5 °C",
        deviceId: d.deviceId,
        condition: { kind: "above", key, threshold: 5, clearBelow: 4, forSeconds: 600 },
        actions: [
          { kind: "alarm", severity: 3, message: "La heladera supera 5 °C hace 10 minutos" },
          { kind: "notify", message: "La heladera supera 5 °C hace 10 minutos" },
        ],
      },
    ];
  }
  if (d.role === "freezer" && cold) {
    const key = d.temperatureKey ?? "temperature";
    return [
      {
        name: "Freezer por encima de −15 °C",
        deviceId: d.deviceId,
        condition: { kind: "above", key, threshold: -15, clearBelow: -16, forSeconds: 600 },
        actions: [
          { kind: "alarm", severity: 4, message: "El freezer supera −15 °C hace 10 minutos" },
          { kind: "notify", message: "El freezer supera −15 °C hace 10 minutos" },
        ],
      },
    ];
  }
  if (d.role === "door" && cold) {
    return [
      {
        name: "Puerta abierta más de 3 minutos",
        deviceId: d.deviceId,
        // door sensors report 1 = open (@mostrador/contracts/mqtt/sensor-kinds).
        condition: { kind: "above", key: d.doorKey ?? "door", threshold: 0.5, forSeconds: 180 },
        actions: [{ kind: "alarm", severity: 2, message: "La puerta quedó abierta más de 3 minutos" }],
      },
    ];
  }
  if (d.role === "door" && shop) {
    return [
      {
        name: "Puerta abierta fuera de horario",
        deviceId: d.deviceId,
        condition: { kind: "above", key: d.doorKey ?? "door", threshold: 0.5 },
        actions: [
          { kind: "alarm", severity: 3, message: "Se abrió la puerta fuera de horario" },
          { kind: "notify", message: "Se abrió la puerta fuera de horario" },
        ],
        schedule: afterHours,
      },
    ];
  }
  if (d.role === "power" && shop) {
    return [
      {
        name: "Corte de luz",
        deviceId: d.deviceId,
        condition: { kind: "below", key: d.powerKey ?? "power", threshold: 5, forSeconds: 60 },
        actions: [
          { kind: "alarm", severity: 4, message: "Sin energía hace un minuto" },
          { kind: "notify", message: "Sin energía en el local" },
        ],
      },
    ];
  }
  if (d.role === "irrigation" && rubro === "riego") {
    const valve = d.valveKey ?? "valve";
    return [
      {
        name: "Riego: suelo seco abre la válvula",
        deviceId: d.deviceId,
        // Opens below 30 %, closes above 45 % (hysteresis), never more than 20 minutes (relay seconds,
        // also enforced by max_on_seconds), only starting inside 06:00–09:00.
        condition: { kind: "below", key: d.moistureKey ?? "soil_moisture", threshold: 30, clearAbove: 45 },
        actions: [
          { kind: "relay", relayKey: valve, state: "ON", seconds: 1200 },
          { kind: "log", message: "Válvula abierta: suelo seco" },
        ],
        clearActions: [{ kind: "relay", relayKey: valve, state: "OFF" }],
        schedule: { days: EVERY_DAY, from: "06:00", to: "09:00" },
      },
    ];
  }
  return [];
}

/**
 * Creates the usual rules of a business type for its devices (fridges and freezers for a carnicería or
 * panadería, a valve for riego, doors and power for a tienda or bar). Devices whose role does not apply
 * to the rubro get no rules. Each rule is validated and stored like one made in the UI, so it is editable.
 */
export function seedRuleSet(
  ctx: Ctx,
  rubro: Rubro,
  devices: readonly SeedDevice[],
  afterHours = DEFAULT_AFTER_HOURS,
): Rule[] {
  const inputs = devices.flatMap((d) => templates(rubro, d, afterHours));
  return ctx.db.transaction(() => inputs.map((input) => createRule(ctx, input)))();
}
