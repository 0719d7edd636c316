import { clamp, quantize, type Step } from "./model.js";

/**
 * CO2 in the shop (ppm): each person exhales ~0.005 L/s of CO2; ventilation exchanges air with the street
 * (~420 ppm) at some air changes per hour. In a 150 m³ shop a person adds ~0.033 ppm/s; 2 ACH with the
 * door shut (8 people settle ~480 ppm above the street), 8 ACH with the extractor fan (a relay) on.
 */
export interface Co2State {
  ppm: number;
}

export interface Co2Inputs {
  people: number;
  ventilationOn: boolean;
  roomCubicMeters: number;
}

export const OUTDOOR_PPM = 420;
const EXHALED_LITERS_PER_SECOND = 0.005;
const ACH_CLOSED = 2;
const ACH_VENTILATED = 8;

export const co2Step: Step<Co2State, Co2Inputs, number> = (state, dt, inputs, random) => {
  const generation = (inputs.people * EXHALED_LITERS_PER_SECOND * 1e6) / (inputs.roomCubicMeters * 1000);
  const exchange = (inputs.ventilationOn ? ACH_VENTILATED : ACH_CLOSED) / 3600;
  // Exact solution of dC/dt = g − e·(C − outdoor) over dt, so large steps stay stable.
  const equilibrium = OUTDOOR_PPM + generation / exchange;
  const ppm = equilibrium + (state.ppm - equilibrium) * Math.exp(-exchange * dt);
  const reading = quantize(clamp(ppm + random.normal(0, 8), 250, 10_000), 1);
  return { state: { ppm }, reading };
};
