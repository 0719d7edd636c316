import type { Step } from "./model.js";

/**
 * A reed-switch door contact (1 = open), here the drinks fridge's door: customers open it at random while
 * the shop is open (a Poisson process), each time for a few seconds; closed at night. `holdOpenSeconds`
 * forces it open (the demo's "door left open").
 */
export interface DoorState {
  open: boolean;
  /** Seconds until a customer closes it again. */
  closesIn: number;
}

export interface DoorInputs {
  shopOpen: boolean;
  /** Openings per hour while the shop is open. */
  openingsPerHour: number;
  /** > 0: someone left it open for this many more seconds. */
  holdOpenSeconds: number;
}

export const initialDoor: DoorState = { open: false, closesIn: 0 };

export const doorStep: Step<DoorState, DoorInputs, 0 | 1> = (state, dt, inputs, random) => {
  if (inputs.holdOpenSeconds > 0)
    return { state: { open: true, closesIn: inputs.holdOpenSeconds }, reading: 1 };
  if (state.open) {
    const closesIn = state.closesIn - dt;
    return closesIn > 0
      ? { state: { open: true, closesIn }, reading: 1 }
      : { state: initialDoor, reading: 0 };
  }
  if (inputs.shopOpen && random.happens(inputs.openingsPerHour / 3600, dt)) {
    return { state: { open: true, closesIn: random.between(3, 10) }, reading: 1 };
  }
  return { state: initialDoor, reading: 0 };
};
