import { quantize, type Step } from "./model.js";

/**
 * A hall-effect water flow meter after the irrigation valve: flow only while the valve is open, ramping up
 * and down with the pipe's inertia (first-order lag, τ ≈ 3 s), a little turbulence noise; never negative.
 */
export interface FlowState {
  flow: number;
}

export interface FlowInputs {
  valveOn: boolean;
  /** Flow with the valve fully open, L/min (the tap pressure). */
  nominal: number;
}

const TAU_SECONDS = 3;

export const flowStep: Step<FlowState, FlowInputs, number> = (state, dt, inputs, random) => {
  const target = inputs.valveOn ? inputs.nominal : 0;
  const flow = target + (state.flow - target) * Math.exp(-dt / TAU_SECONDS);
  const noisy = inputs.valveOn ? flow + random.normal(0, inputs.nominal * 0.02) : flow;
  // Below ~0.1 L/min the turbine does not turn: a closed valve reads exactly 0.
  const reading = noisy < 0.1 ? 0 : quantize(noisy, 0.1);
  return { state: { flow }, reading };
};
