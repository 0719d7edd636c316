import type { SeededRandom } from "../random.js";

/**
 * Every physical model is one step function: (state, dt, inputs, random) → (state, reading). Steps are pure
 * apart from drawing from the seeded random they are given, so a model can be run for simulated days in
 * a test without timers, and two runs with the same seed agree exactly.
 */
export type Step<S, I, R> = (
  state: S,
  dtSeconds: number,
  inputs: I,
  random: SeededRandom,
) => { state: S; reading: R };

/** Rounds a reading the way a sensor reports it (a DS18B20 at 0.1 °C, a CO2 sensor at 1 ppm). */
export function quantize(value: number, step: number): number {
  return Math.round(value / step) * step;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
