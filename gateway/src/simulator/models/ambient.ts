import { clamp, quantize, type Step } from "./model.js";

/**
 * The shop's air: a daily temperature cycle (coolest ~06:00, warmest ~15:00 — a sine peaking 9 h after
 * dawn) plus a slow random drift, and relative humidity that falls when the air warms (the same water in
 * warmer air is a lower RH).
 */
export interface AmbientState {
  /** Slow drift (AR(1)) added to the daily cycle, °C. */
  drift: number;
  humidityDrift: number;
}

export interface AmbientInputs {
  /** Local hour of day, 0–24 (fractional). */
  hourOfDay: number;
}

export interface AmbientReading {
  temperature: number;
  humidity: number;
}

export const AMBIENT_MEAN_C = 22;
export const AMBIENT_DAILY_SWING_C = 4;
const HUMIDITY_MEAN = 60;
/** RH points lost per °C of warming around the mean (roughly 5 %/°C relative at 20 °C). */
const HUMIDITY_PER_DEGREE = 3;

export const initialAmbient: AmbientState = { drift: 0, humidityDrift: 0 };

export function roomTemperature(state: AmbientState, hourOfDay: number): number {
  return (
    AMBIENT_MEAN_C + AMBIENT_DAILY_SWING_C * Math.sin((2 * Math.PI * (hourOfDay - 9)) / 24) + state.drift
  );
}

export const ambientStep: Step<AmbientState, AmbientInputs, AmbientReading> = (state, dt, inputs, random) => {
  // AR(1) with a time constant of about an hour: wanders ±1 °C, always pulled back.
  const keep = Math.exp(-dt / 3600);
  const shake = Math.sqrt(1 - keep * keep);
  const drift = state.drift * keep + random.normal(0, 0.8) * shake;
  const humidityDrift = state.humidityDrift * keep + random.normal(0, 3) * shake;
  const next = { drift, humidityDrift };
  const temperature = roomTemperature(next, inputs.hourOfDay);
  const humidity = clamp(
    HUMIDITY_MEAN - HUMIDITY_PER_DEGREE * (temperature - AMBIENT_MEAN_C) + humidityDrift,
    20,
    95,
  );
  return {
    state: next,
    reading: { temperature: quantize(temperature, 0.1), humidity: quantize(humidity, 0.5) },
  };
};
