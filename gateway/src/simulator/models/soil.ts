import { clamp, quantize, type Step } from "./model.js";

/**
 * Soil moisture (%) of a bed under a drip valve: evaporation dries it (faster in the warm afternoon, and
 * slower as the soil gets drier), the open valve wets it towards field saturation (~90 %).
 */
export interface SoilState {
  moisture: number;
}

export interface SoilInputs {
  valveOn: boolean;
  /** Air temperature, °C: evaporation roughly doubles from 15 to 30 °C. */
  airTemperature: number;
}

/** %/s at 22 °C and 50 % moisture: about 1.5 points an hour. */
const EVAPORATION = 1.5 / 3600;
/** %/s while the valve is open on dry soil: about 1.2 points a minute. */
const WETTING = 1.2 / 60;
const SATURATION = 90;

export const soilStep: Step<SoilState, SoilInputs, number> = (state, dt, inputs, random) => {
  const heat = clamp(1 + (inputs.airTemperature - 22) / 15, 0.3, 2);
  const drying = EVAPORATION * heat * (state.moisture / 50);
  const wetting = inputs.valveOn ? WETTING * Math.max(0, (SATURATION - state.moisture) / SATURATION) : 0;
  const moisture = clamp(state.moisture + (wetting - drying) * dt, 0, 100);
  const reading = quantize(clamp(moisture + random.normal(0, 0.2), 0, 100), 0.1);
  return { state: { moisture }, reading };
};
