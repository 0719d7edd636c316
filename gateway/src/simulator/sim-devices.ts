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

/**
 * A bar's card reader node (an ESP32 with an RC522), simulated only when asked (`cardReaderNode`, or
 * MOSTRADOR_SIM_CARD_READER=1): it has no sensors or relays, just its reader `rfid` on
 * mostrador/sim-barra/reader/rfid/tap. Configure it in Ajustes → Lectores de tarjetas (MQTT, equipo
 * sim-barra, clave rfid) to see its taps.
 */
export const SIM_CARD_READER = {
  slug: "sim-barra",
  name: "Lector de tarjetas de la barra (simulado)",
  sensors: [],
  relays: [],
} as const satisfies NewDevice;
export const SIM_READER_KEY = "rfid";
/** The cards the simulated bar's customers carry (4-byte MIFARE UIDs). */
export const SIM_CARDS: readonly (readonly number[])[] = [
  [0x04, 0xa3, 0x2b, 0x1c],
  [0xde, 0xad, 0xbe, 0xef],
  [0x53, 0x1f, 0x8a, 0x22],
];
