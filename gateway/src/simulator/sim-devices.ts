import type { NewDevice } from "../devices/devices.js";

/**
 * The simulated shop's devices, registered through the real registry like nodes added from the "add device"
 * screen. Sensor and relay keys are the ones the seeded rule sets expect (rules/seed-rule-sets.ts), so the
 * demo's rules apply to them unchanged.
 */
export const SIM_DEVICES = [
  {
    slug: "sim-heladera",
    name: "Heladera de bebidas (simulada)",
    sensors: [
      { key: "temperature", kind: "temperature", min: -30, max: 40 },
      { key: "door", kind: "door" },
    ],
    relays: [],
  },
  {
    slug: "sim-freezer",
    name: "Freezer (simulado)",
    sensors: [{ key: "temperature", kind: "temperature", min: -40, max: 40 }],
    relays: [],
  },
  {
    slug: "sim-salon",
    name: "Salón: clima y aire (simulado)",
    sensors: [
      { key: "temperature", kind: "temperature" },
      { key: "humidity", kind: "humidity" },
      { key: "co2", kind: "co2" },
    ],
    relays: [{ key: "ventilation", name: "Extractor", maxOnSeconds: 3600 }],
  },
  {
    slug: "sim-medidor",
    name: "Medidor de energía (simulado)",
    sensors: [
      { key: "power", kind: "power" },
      { key: "current", kind: "current" },
    ],
    relays: [],
  },
  {
    slug: "sim-riego",
    name: "Riego de la huerta (simulado)",
    sensors: [
      { key: "soil_moisture", kind: "soil_moisture" },
      { key: "water_flow", kind: "water_flow" },
    ],
    relays: [{ key: "valve", name: "Válvula de riego", maxOnSeconds: 1200 }],
  },
] as const satisfies readonly NewDevice[];

export type SimSlug = (typeof SIM_DEVICES)[number]["slug"];
