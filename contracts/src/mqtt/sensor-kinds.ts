/**
 * What an ESP32 node can measure, in one table: the unit a reading (reading.ts) must carry if it names one,
 * and the range a working sensor can physically report. The gateway checks readings against it, the
 * device form and Home Assistant discovery describe sensors by it, the till draws and words them by it. Readings outside it are dropped as implausible — a
 * DS18B20 with a broken wire reads -127 °C, a floating ADC pin reads its full scale.
 * A device may narrow a sensor's range (a fridge: -30..20 °C) but never widen it beyond these.
 *
 * `binary` marks a two-state sensor (1 / 0) and how people say its states: a door is open / closed
 * ("open_closed"), a motion or presence sensor would be on / off ("on_off"). The till describes its
 * rules and draws its chart in those words (Abierta / Cerrada), never as a decimal (a minute's average
 * of a door is 0,36: a fraction of the time open, not a reading).
 */
export const SENSOR_KINDS = {
  temperature: { unit: "°C", min: -40, max: 125, integer: false, binary: null },
  humidity: { unit: "%", min: 0, max: 100, integer: false, binary: null },
  soil_moisture: { unit: "%", min: 0, max: 100, integer: false, binary: null },
  /** 1 = open, 0 = closed (a reed switch). */
  door: { unit: "", min: 0, max: 1, integer: true, binary: "open_closed" },
  power: { unit: "W", min: 0, max: 20_000, integer: false, binary: null },
  current: { unit: "A", min: 0, max: 100, integer: false, binary: null },
  water_flow: { unit: "L/min", min: 0, max: 500, integer: false, binary: null },
  co2: { unit: "ppm", min: 250, max: 10_000, integer: false, binary: null },
} as const satisfies Record<
  string,
  { unit: string; min: number; max: number; integer: boolean; binary: BinaryStates | null }
>;

/** How a two-state sensor's 1 and 0 are said: open / closed, on / off. */
export type BinaryStates = "open_closed" | "on_off";

/** The binary states of a sensor kind, or null for a measurement (or an unknown kind). */
export function binaryStatesOf(kind: string): BinaryStates | null {
  return isSensorKind(kind) ? SENSOR_KINDS[kind].binary : null;
}

export type SensorKind = keyof typeof SENSOR_KINDS;
export const SENSOR_KIND_NAMES = Object.keys(SENSOR_KINDS) as SensorKind[];

export function isSensorKind(kind: unknown): kind is SensorKind {
  return typeof kind === "string" && Object.hasOwn(SENSOR_KINDS, kind);
}
