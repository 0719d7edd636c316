import { clamp, quantize, type Step } from "./model.js";

/**
 * A fridge or freezer: Newton cooling towards the room, a compressor pulling heat out, and a thermostat
 * with hysteresis (on above `high`, off below `low`) — which gives the saw-tooth cycle real appliances show.
 * An open door multiplies the heat leak, so a door left open warms the cabinet beyond what the compressor
 * can pull back.
 */
export interface RefrigerationParams {
  low: number;
  high: number;
  /** Heat-leak coefficient, 1/s: dT/dt = leak * (room − T). */
  leak: number;
  /** Cooling while the compressor runs, °C/s. */
  cooling: number;
  /** Leak multiplier while the door is open. */
  openDoorFactor: number;
}

/** A display fridge: cycles 2–5 °C, about 15 minutes per cycle with a third of it running. */
export const FRIDGE: RefrigerationParams = {
  low: 2,
  high: 5,
  leak: 1 / 4000,
  cooling: 0.015,
  openDoorFactor: 8,
};
/** A chest freezer: cycles −20 to −17 °C. */
export const FREEZER: RefrigerationParams = {
  low: -20,
  high: -17,
  leak: 1 / 6000,
  cooling: 0.02,
  openDoorFactor: 6,
};

export interface RefrigerationState {
  temperature: number;
  compressorOn: boolean;
}

export interface RefrigerationInputs {
  roomTemperature: number;
  doorOpen: boolean;
}

export function initialRefrigeration(p: RefrigerationParams): RefrigerationState {
  return { temperature: (p.low + p.high) / 2, compressorOn: false };
}

export function refrigerationStep(
  p: RefrigerationParams,
): Step<RefrigerationState, RefrigerationInputs, number> {
  return (state, dt, inputs, random) => {
    const leak =
      p.leak * (inputs.doorOpen ? p.openDoorFactor : 1) * (inputs.roomTemperature - state.temperature);
    const cooling = state.compressorOn ? p.cooling : 0;
    const temperature = clamp(state.temperature + (leak - cooling) * dt, -40, inputs.roomTemperature);
    let compressorOn = state.compressorOn;
    if (temperature >= p.high) compressorOn = true;
    else if (temperature <= p.low) compressorOn = false;
    // Probe noise ±0.05 °C, reported at 0.1 °C like a DS18B20.
    const reading = quantize(temperature + random.normal(0, 0.03), 0.1);
    return { state: { temperature, compressorOn }, reading };
  };
}
