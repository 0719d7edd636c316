/**
 * What an ESP32 node can measure, in one table: the unit a reading must carry (if it names one) and the
 * range a working sensor can physically report. Readings outside it are dropped as implausible — a
 * DS18B20 with a broken wire reads -127 °C, a floating ADC pin reads its full scale.
 * A device may narrow a sensor's range (a fridge: -30..20 °C) but never widen it beyond these.
 */
export const SENSOR_KINDS = {
  temperature: { unit: "°C", min: -40, max: 125, integer: false },
  humidity: { unit: "%", min: 0, max: 100, integer: false },
  soil_moisture: { unit: "%", min: 0, max: 100, integer: false },
  /** 1 = open, 0 = closed (a reed switch). */
  door: { unit: "", min: 0, max: 1, integer: true },
  power: { unit: "W", min: 0, max: 20_000, integer: false },
  current: { unit: "A", min: 0, max: 100, integer: false },
  water_flow: { unit: "L/min", min: 0, max: 500, integer: false },
  co2: { unit: "ppm", min: 250, max: 10_000, integer: false },
} as const satisfies Record<string, { unit: string; min: number; max: number; integer: boolean }>;

export type SensorKind = keyof typeof SENSOR_KINDS;
export const SENSOR_KIND_NAMES = Object.keys(SENSOR_KINDS) as SensorKind[];

export function isSensorKind(kind: unknown): kind is SensorKind {
  return typeof kind === "string" && Object.hasOwn(SENSOR_KINDS, kind);
}
