import { describe, expect, it } from "vitest";
import { SeededRandom } from "../random.js";
import { ambientStep, initialAmbient } from "./ambient.js";
import { co2Step, OUTDOOR_PPM } from "./co2.js";
import { doorStep, initialDoor } from "./door.js";
import { flowStep } from "./flow.js";
import { initialPower, MAINS_VOLTS, powerStep } from "./power.js";
import { FREEZER, FRIDGE, initialRefrigeration, refrigerationStep } from "./refrigeration.js";
import { soilStep } from "./soil.js";

const DAY = 86_400;

/** Runs a refrigerator for `seconds` in 1 s steps and summarises what its probe reported. */
function runFridge(params = FRIDGE, seconds = DAY, doorOpen = (_t: number) => false, room = 24) {
  const random = new SeededRandom(1);
  const step = refrigerationStep(params);
  let state = initialRefrigeration(params);
  let min = Infinity;
  let max = -Infinity;
  let starts = 0;
  let onSeconds = 0;
  for (let t = 0; t < seconds; t++) {
    const wasOn = state.compressorOn;
    const r = step(state, 1, { roomTemperature: room, doorOpen: doorOpen(t) }, random);
    state = r.state;
    if (t > 3600) {
      min = Math.min(min, r.reading);
      max = Math.max(max, r.reading);
    }
    if (state.compressorOn && !wasOn) starts++;
    if (state.compressorOn) onSeconds++;
  }
  return { state, min, max, starts, duty: onSeconds / seconds };
}

describe("refrigeration models", () => {
  it("a fridge with its door shut cycles between 2 and 5 °C all day", () => {
    const day = runFridge();
    expect(day.min).toBeGreaterThanOrEqual(1.7);
    expect(day.max).toBeLessThanOrEqual(5.3);
    expect(day.min).toBeLessThan(2.3);
    expect(day.max).toBeGreaterThan(4.7);
    // A real compressor starts a few times an hour and runs a fraction of the time.
    expect(day.starts).toBeGreaterThan(24);
    expect(day.starts).toBeLessThan(200);
    expect(day.duty).toBeGreaterThan(0.15);
    expect(day.duty).toBeLessThan(0.7);
  });

  it("a fridge door left open warms it past 5 °C for good, and it recovers once shut", () => {
    const openFrom = 2 * 3600;
    const openTo = openFrom + 20 * 60;
    const random = new SeededRandom(2);
    const step = refrigerationStep(FRIDGE);
    let state = initialRefrigeration(FRIDGE);
    let atClose = 0;
    for (let t = 0; t < openTo + 45 * 60; t++) {
      state = step(state, 1, { roomTemperature: 24, doorOpen: t >= openFrom && t < openTo }, random).state;
      if (t === openTo - 1) atClose = state.temperature;
    }
    expect(atClose).toBeGreaterThan(10);
    expect(atClose).toBeLessThan(24);
    expect(state.temperature).toBeLessThan(5.2);
  });

  it("a freezer cycles around −18 °C", () => {
    const day = runFridge(FREEZER);
    expect(day.min).toBeGreaterThanOrEqual(-20.4);
    expect(day.max).toBeLessThanOrEqual(-16.6);
    expect(day.starts).toBeGreaterThan(24);
  });
});

describe("ambient air", () => {
  it("follows a daily cycle, warmest in the afternoon, with humidity moving the other way", () => {
    const random = new SeededRandom(3);
    let state = initialAmbient;
    const at = { six: [] as number[], fifteen: [] as number[] };
    const hum = { six: [] as number[], fifteen: [] as number[] };
    for (let t = 0; t < 7 * DAY; t += 10) {
      const hour = (t / 3600) % 24;
      const r = ambientStep(state, 10, { hourOfDay: hour }, random);
      state = r.state;
      expect(r.reading.temperature).toBeGreaterThan(12);
      expect(r.reading.temperature).toBeLessThan(32);
      expect(r.reading.humidity).toBeGreaterThanOrEqual(20);
      expect(r.reading.humidity).toBeLessThanOrEqual(95);
      if (hour === 6) {
        at.six.push(r.reading.temperature);
        hum.six.push(r.reading.humidity);
      }
      if (hour === 15) {
        at.fifteen.push(r.reading.temperature);
        hum.fifteen.push(r.reading.humidity);
      }
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(at.six).toHaveLength(7);
    expect(avg(at.fifteen) - avg(at.six)).toBeGreaterThan(5);
    expect(avg(hum.six)).toBeGreaterThan(avg(hum.fifteen));
  });
});

describe("soil moisture", () => {
  it("rises while the valve is open and dries slowly while it is shut", () => {
    const random = new SeededRandom(4);
    let state = { moisture: 30 };
    for (let t = 0; t < 600; t++)
      state = soilStep(state, 1, { valveOn: true, airTemperature: 22 }, random).state;
    // About 0.8 points a minute at 30 % (wetting slows as the soil nears saturation).
    expect(state.moisture).toBeGreaterThan(35);
    const wet = state.moisture;
    for (let t = 0; t < DAY; t++)
      state = soilStep(state, 1, { valveOn: false, airTemperature: 22 }, random).state;
    expect(state.moisture).toBeLessThan(wet - 5);
    expect(state.moisture).toBeGreaterThan(wet - 30);
  });

  it("stays between 0 and 100 % over a week of watering twice a day, and never floods past saturation", () => {
    const random = new SeededRandom(5);
    let state = { moisture: 50 };
    for (let t = 0; t < 7 * DAY; t += 5) {
      const hour = (t / 3600) % 24;
      const r = soilStep(
        state,
        5,
        { valveOn: hour < 2 || (hour >= 12 && hour < 14), airTemperature: 28 },
        random,
      );
      state = r.state;
      expect(r.reading).toBeGreaterThanOrEqual(0);
      expect(r.reading).toBeLessThanOrEqual(91);
    }
  });
});

describe("door contact", () => {
  it("opens a few seconds at a time during shop hours and stays shut at night", () => {
    const random = new SeededRandom(6);
    let state = initialDoor;
    let openings = 0;
    let openRun = 0;
    let longest = 0;
    for (let t = 0; t < DAY; t++) {
      const shopOpen = t >= 8 * 3600 && t < 21 * 3600;
      const r = doorStep(state, 1, { shopOpen, openingsPerHour: 25, holdOpenSeconds: 0 }, random);
      if (r.reading === 1 && !state.open) openings++;
      openRun = r.reading === 1 ? openRun + 1 : 0;
      longest = Math.max(longest, openRun);
      if (!shopOpen && !state.open) expect(r.reading).toBe(0);
      state = r.state;
    }
    expect(openings).toBeGreaterThan(13 * 15);
    expect(openings).toBeLessThan(13 * 35);
    expect(longest).toBeLessThanOrEqual(11);
  });

  it("a door held open reads open until released", () => {
    const random = new SeededRandom(7);
    let state = initialDoor;
    for (let t = 0; t < 240; t++) {
      const r = doorStep(state, 1, { shopOpen: false, openingsPerHour: 0, holdOpenSeconds: 240 - t }, random);
      expect(r.reading).toBe(1);
      state = r.state;
    }
  });
});

describe("power meter", () => {
  it("adds each running compressor, with a short inrush, to a base load that follows opening hours", () => {
    const random = new SeededRandom(8);
    const motors = (on: boolean) => [{ name: "fridge", on, watts: 180 }];
    let state = initialPower;
    const night = powerStep(state, 1, { shopOpen: false, motors: motors(false) }, random);
    state = night.state;
    const day = powerStep(state, 1, { shopOpen: true, motors: motors(false) }, random);
    state = day.state;
    const start = powerStep(state, 1, { shopOpen: true, motors: motors(true) }, random);
    let running = start;
    for (let t = 0; t < 5; t++) {
      running = powerStep(running.state, 1, { shopOpen: true, motors: motors(true) }, random);
    }
    expect(night.reading.power).toBeGreaterThan(20);
    expect(night.reading.power).toBeLessThan(80);
    expect(day.reading.power).toBeGreaterThan(250);
    expect(start.reading.power - day.reading.power).toBeGreaterThan(400);
    expect(running.reading.power - day.reading.power).toBeGreaterThan(150);
    expect(running.reading.power - day.reading.power).toBeLessThan(210);
    expect(running.reading.current).toBeCloseTo(running.reading.power / (MAINS_VOLTS * 0.9), 1);
  });
});

describe("water flow meter", () => {
  it("flows only while the valve is open and reads exactly 0 once it has closed", () => {
    const random = new SeededRandom(9);
    let state = { flow: 0 };
    let r = flowStep(state, 1, { valveOn: false, nominal: 12 }, random);
    expect(r.reading).toBe(0);
    for (let t = 0; t < 20; t++) {
      r = flowStep(state, 1, { valveOn: true, nominal: 12 }, random);
      state = r.state;
    }
    expect(r.reading).toBeGreaterThan(10.5);
    expect(r.reading).toBeLessThan(13.5);
    for (let t = 0; t < 30; t++) {
      r = flowStep(state, 1, { valveOn: false, nominal: 12 }, random);
      state = r.state;
    }
    expect(r.reading).toBe(0);
  });
});

describe("CO2", () => {
  it("rises with people in the shop and falls when the extractor runs", () => {
    const random = new SeededRandom(10);
    let state = { ppm: OUTDOOR_PPM };
    let reading = 0;
    for (let t = 0; t < 4 * 3600; t++) {
      const r = co2Step(state, 1, { people: 8, ventilationOn: false, roomCubicMeters: 150 }, random);
      state = r.state;
      reading = r.reading;
    }
    // 8 people × 0.033 ppm/s at 2 air changes an hour in 150 m³: ~480 ppm above the street's 420.
    expect(reading).toBeGreaterThan(850);
    expect(reading).toBeLessThan(950);
    for (let t = 0; t < 3600; t++) {
      state = co2Step(state, 1, { people: 8, ventilationOn: true, roomCubicMeters: 150 }, random).state;
    }
    expect(state.ppm).toBeLessThan(700);
    for (let t = 0; t < 6 * 3600; t++) {
      state = co2Step(state, 60, { people: 0, ventilationOn: false, roomCubicMeters: 150 }, random).state;
    }
    expect(state.ppm).toBeGreaterThanOrEqual(OUTDOOR_PPM);
    expect(state.ppm).toBeLessThan(OUTDOOR_PPM + 5);
  });
});
