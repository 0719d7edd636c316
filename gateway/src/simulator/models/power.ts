import { quantize, type Step } from "./model.js";

/**
 * The shop's power meter: a base load (lights, till, POS printer) that follows opening hours, plus each
 * running compressor, with a short inrush when a compressor starts. Current is P / 220 V (Argentina's
 * mains) at a power factor of 0.9 for the motors.
 */
export interface PowerState {
  /** Seconds of inrush left per compressor, keyed by name. */
  inrush: Record<string, number>;
  wasOn: Record<string, boolean>;
}

export interface PowerInputs {
  shopOpen: boolean;
  /** Running compressors and other motors, with their rated watts. */
  motors: { name: string; on: boolean; watts: number }[];
}

export interface PowerReading {
  power: number;
  current: number;
}

export const MAINS_VOLTS = 220;
const POWER_FACTOR = 0.9;
const BASE_OPEN_W = 320;
const BASE_CLOSED_W = 45;
const INRUSH_SECONDS = 2;
const INRUSH_FACTOR = 3;

export const initialPower: PowerState = { inrush: {}, wasOn: {} };

export const powerStep: Step<PowerState, PowerInputs, PowerReading> = (state, dt, inputs, random) => {
  const inrush: Record<string, number> = {};
  const wasOn: Record<string, boolean> = {};
  let watts = (inputs.shopOpen ? BASE_OPEN_W : BASE_CLOSED_W) + random.normal(0, 5);
  for (const m of inputs.motors) {
    const starting = m.on && !state.wasOn[m.name];
    const left = starting ? INRUSH_SECONDS : Math.max(0, (state.inrush[m.name] ?? 0) - dt);
    inrush[m.name] = left;
    wasOn[m.name] = m.on;
    if (m.on) watts += m.watts * (left > 0 ? INRUSH_FACTOR : 1);
  }
  watts = Math.max(0, watts);
  return {
    state: { inrush, wasOn },
    reading: { power: quantize(watts, 1), current: quantize(watts / (MAINS_VOLTS * POWER_FACTOR), 0.01) },
  };
};
