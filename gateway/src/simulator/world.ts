import { ambientStep, type AmbientState, initialAmbient, roomTemperature } from "./models/ambient.js";
import { co2Step, type Co2State, OUTDOOR_PPM } from "./models/co2.js";
import { doorStep, type DoorState, initialDoor } from "./models/door.js";
import { flowStep, type FlowState } from "./models/flow.js";
import { initialPower, powerStep, type PowerState } from "./models/power.js";
import {
  FREEZER,
  FRIDGE,
  initialRefrigeration,
  type RefrigerationState,
  refrigerationStep,
} from "./models/refrigeration.js";
import { soilStep, type SoilState } from "./models/soil.js";
import type { SeededRandom } from "./random.js";
import type { SimSlug } from "./sim-devices.js";

/**
 * The simulated shop: the eight sensor models coupled the way the real things are — the fridge door warms
 * the fridge, compressors load the power meter, the valve relay wets the soil and drives the flow meter,
 * customers raise the CO2 and the extractor relay lowers it. Advanced in steps of at most one second.
 */
export interface WorldState {
  atMs: number;
  ambient: AmbientState;
  fridge: RefrigerationState;
  freezer: RefrigerationState;
  door: DoorState;
  power: PowerState;
  soil: SoilState;
  flow: FlowState;
  co2: Co2State;
  people: number;
  /** The demo's "door left open": held open until this time (epoch ms), 0 = not held. */
  doorHeldUntilMs: number;
  relays: Record<string, SimRelay>;
  readings: Record<SimSlug, Record<string, number>>;
}

export interface SimRelay {
  on: boolean;
  onSinceMs: number;
  /** The node's local failsafe (as in the firmware): OFF at this time at the latest. */
  offAtMs: number;
  maxOnSeconds: number;
}

export interface WorldEnv {
  /** Local hour of day (0–24) in the shop's time zone. */
  hourOfDay(atMs: number): number;
  openFrom: number;
  openTo: number;
}

export const VALVE = "sim-riego/valve";
export const VENTILATION = "sim-salon/ventilation";
const OPENINGS_PER_HOUR = 25;
const ARRIVALS_PER_HOUR = 40;
const MEAN_STAY_SECONDS = 240;
const FRIDGE_WATTS = 180;
const FREEZER_WATTS = 250;
const VALVE_FLOW_L_MIN = 12;
const SHOP_CUBIC_METERS = 150;

const fridgeStep = refrigerationStep(FRIDGE);
const freezerStep = refrigerationStep(FREEZER);

export function createWorld(atMs: number): WorldState {
  return {
    atMs,
    ambient: initialAmbient,
    fridge: initialRefrigeration(FRIDGE),
    freezer: initialRefrigeration(FREEZER),
    door: initialDoor,
    power: initialPower,
    soil: { moisture: 40 },
    flow: { flow: 0 },
    co2: { ppm: OUTDOOR_PPM + 30 },
    people: 0,
    doorHeldUntilMs: 0,
    relays: {
      [VALVE]: { on: false, onSinceMs: 0, offAtMs: 0, maxOnSeconds: 1200 },
      [VENTILATION]: { on: false, onSinceMs: 0, offAtMs: 0, maxOnSeconds: 3600 },
    },
    readings: {
      "sim-heladera": {},
      "sim-freezer": {},
      "sim-salon": {},
      "sim-medidor": {},
      "sim-riego": {},
    },
  };
}

export function isShopOpen(env: WorldEnv, atMs: number): boolean {
  const h = env.hourOfDay(atMs);
  return h >= env.openFrom && h < env.openTo;
}

/** Advances the world by one step of `dtSeconds` (≤ 1 s keeps the door and inrush faithful). */
export function stepWorld(w: WorldState, dtSeconds: number, env: WorldEnv, random: SeededRandom): WorldState {
  const atMs = w.atMs + dtSeconds * 1000;
  const hour = env.hourOfDay(atMs);
  const shopOpen = isShopOpen(env, atMs);
  const relays = { ...w.relays };
  for (const [name, r] of Object.entries(relays)) {
    if (r.on && atMs >= r.offAtMs) relays[name] = { ...r, on: false, offAtMs: 0 };
  }
  const valveOn = relays[VALVE]?.on ?? false;

  const ambient = ambientStep(w.ambient, dtSeconds, { hourOfDay: hour }, random);
  const room = roomTemperature(ambient.state, hour);
  const holdOpenSeconds = w.doorHeldUntilMs > atMs ? (w.doorHeldUntilMs - atMs) / 1000 : 0;
  const door = doorStep(
    w.door,
    dtSeconds,
    { shopOpen, openingsPerHour: OPENINGS_PER_HOUR, holdOpenSeconds },
    random,
  );
  const fridge = fridgeStep(
    w.fridge,
    dtSeconds,
    { roomTemperature: room, doorOpen: door.state.open },
    random,
  );
  const freezer = freezerStep(w.freezer, dtSeconds, { roomTemperature: room, doorOpen: false }, random);
  const power = powerStep(
    w.power,
    dtSeconds,
    {
      shopOpen,
      motors: [
        { name: "fridge", on: fridge.state.compressorOn, watts: FRIDGE_WATTS },
        { name: "freezer", on: freezer.state.compressorOn, watts: FREEZER_WATTS },
      ],
    },
    random,
  );
  const soil = soilStep(w.soil, dtSeconds, { valveOn, airTemperature: room }, random);
  const flow = flowStep(w.flow, dtSeconds, { valveOn, nominal: VALVE_FLOW_L_MIN }, random);

  let people = w.people;
  if (shopOpen && random.happens(ARRIVALS_PER_HOUR / 3600, dtSeconds)) people += 1;
  if (people > 0 && random.happens(people / MEAN_STAY_SECONDS, dtSeconds)) people -= 1;
  if (!shopOpen && people > 0 && random.happens(1 / 60, dtSeconds)) people -= 1;
  const co2 = co2Step(
    w.co2,
    dtSeconds,
    { people, ventilationOn: relays[VENTILATION]?.on ?? false, roomCubicMeters: SHOP_CUBIC_METERS },
    random,
  );

  return {
    atMs,
    ambient: ambient.state,
    fridge: fridge.state,
    freezer: freezer.state,
    door: door.state,
    power: power.state,
    soil: soil.state,
    flow: flow.state,
    co2: co2.state,
    people,
    doorHeldUntilMs: w.doorHeldUntilMs > atMs ? w.doorHeldUntilMs : 0,
    relays,
    readings: {
      "sim-heladera": { temperature: fridge.reading, door: door.reading },
      "sim-freezer": { temperature: freezer.reading },
      "sim-salon": {
        temperature: ambient.reading.temperature,
        humidity: ambient.reading.humidity,
        co2: co2.reading,
      },
      "sim-medidor": { power: power.reading.power, current: power.reading.current },
      "sim-riego": { soil_moisture: soil.reading, water_flow: flow.reading },
    },
  };
}

/** Advances to `toMs` in steps of at most one second; a gap over an hour (a suspended PC) is skipped. */
export function advanceWorld(w: WorldState, toMs: number, env: WorldEnv, random: SeededRandom): WorldState {
  let world = w;
  if (toMs - world.atMs > 3_600_000) world = { ...world, atMs: toMs - 3_600_000 };
  while (world.atMs < toMs) {
    const dt = Math.min(1, (toMs - world.atMs) / 1000);
    world = stepWorld(world, dt, env, random);
  }
  return world;
}

/** Switches a relay like the firmware does: ON for min(seconds, max on-time); the failsafe applies. */
export function commandRelay(w: WorldState, name: string, on: boolean, seconds: number | null): WorldState {
  const r = w.relays[name];
  if (!r) return w;
  if (!on) return { ...w, relays: { ...w.relays, [name]: { ...r, on: false, onSinceMs: 0, offAtMs: 0 } } };
  // Max on-time counts from switching on: renewed ONs cannot keep it on forever (firmware relay.h).
  const onSinceMs = r.on ? r.onSinceMs : w.atMs;
  const hardLimit = onSinceMs + r.maxOnSeconds * 1000;
  const offAtMs = seconds === null ? hardLimit : Math.min(hardLimit, w.atMs + seconds * 1000);
  return { ...w, relays: { ...w.relays, [name]: { ...r, on: true, onSinceMs, offAtMs } } };
}

/** The demo's "fridge door left open" from `atMs` for `seconds`. */
export function holdDoorOpen(w: WorldState, atMs: number, seconds: number): WorldState {
  return { ...w, doorHeldUntilMs: atMs + seconds * 1000 };
}
