import { describe, expect, it } from "vitest";
import { SeededRandom } from "./random.js";
import { advanceWorld, commandRelay, createWorld, holdDoorOpen, VALVE, type WorldEnv } from "./world.js";

const START = Date.parse("2026-11-21T03:00:00.000Z"); // 00:00 in Buenos Aires (UTC−3)
const env: WorldEnv = {
  hourOfDay: (ms) => ((((ms - START) / 3_600_000) % 24) + 24) % 24,
  openFrom: 8,
  openTo: 21,
};

describe("the simulated shop", () => {
  it("is repeatable: the same seed gives the same day, another seed another one", () => {
    const run = (seed: number) =>
      advanceWorld(createWorld(START), START + 6 * 3_600_000, env, new SeededRandom(seed)).readings;
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it("keeps every reading inside its sensor kind's plausible range over two simulated days", () => {
    const random = new SeededRandom(1);
    let world = createWorld(START);
    const seen: Record<string, { min: number; max: number }> = {};
    for (let m = 0; m < 2 * 24 * 60; m++) {
      world = advanceWorld(world, START + (m + 1) * 60_000, env, random);
      for (const [slug, readings] of Object.entries(world.readings)) {
        for (const [key, v] of Object.entries(readings)) {
          const s = (seen[`${slug}/${key}`] ??= { min: Infinity, max: -Infinity });
          s.min = Math.min(s.min, v);
          s.max = Math.max(s.max, v);
        }
      }
    }
    const within = (name: string, min: number, max: number) => {
      expect(seen[name]?.min, name).toBeGreaterThanOrEqual(min);
      expect(seen[name]?.max, name).toBeLessThanOrEqual(max);
    };
    within("sim-heladera/temperature", 1, 6);
    within("sim-heladera/door", 0, 1);
    within("sim-freezer/temperature", -21, -16);
    within("sim-salon/temperature", 14, 30);
    within("sim-salon/humidity", 20, 95);
    within("sim-salon/co2", 370, 2000); // street air ± the sensor's noise
    within("sim-medidor/power", 20, 1500);
    within("sim-medidor/current", 0, 8);
    within("sim-riego/soil_moisture", 0, 100);
    within("sim-riego/water_flow", 0, 0); // nobody opened the valve
    expect(seen["sim-heladera/door"]?.max).toBe(1); // customers opened it during the day
  });

  it("soil moisture rises and water flows while the valve relay is ON, and the node's failsafe closes it", () => {
    const random = new SeededRandom(2);
    let world = advanceWorld(createWorld(START), START + 60_000, env, random);
    const before = world.readings["sim-riego"].soil_moisture ?? 0;
    world = commandRelay(world, VALVE, true, null);
    world = advanceWorld(world, START + 11 * 60_000, env, random);
    expect(world.relays[VALVE]?.on).toBe(true);
    expect(world.readings["sim-riego"].soil_moisture).toBeGreaterThan(before + 5);
    expect(world.readings["sim-riego"].water_flow).toBeGreaterThan(10);
    // max_on_seconds 1200: OFF 20 minutes after it was switched on, without any command.
    world = advanceWorld(world, START + 60_000 + 1_200_000 - 1_000, env, random);
    expect(world.relays[VALVE]?.on).toBe(true);
    world = advanceWorld(world, START + 60_000 + 1_200_000 + 30_000, env, random);
    expect(world.relays[VALVE]?.on).toBe(false);
    expect(world.readings["sim-riego"].water_flow).toBe(0);
  });

  it("a timed ON ends on time and an OFF closes the valve at once", () => {
    let world = createWorld(START);
    world = commandRelay(world, VALVE, true, 30);
    world = advanceWorld(world, START + 31_000, env, new SeededRandom(3));
    expect(world.relays[VALVE]?.on).toBe(false);
    world = commandRelay(world, VALVE, true, null);
    world = commandRelay(world, VALVE, false, null);
    expect(world.relays[VALVE]?.on).toBe(false);
  });

  it("the demo's door left open warms the fridge well past 5 °C", () => {
    const random = new SeededRandom(4);
    let world = advanceWorld(createWorld(START), START + 3_600_000, env, random);
    world = holdDoorOpen(world, world.atMs, 600);
    world = advanceWorld(world, START + 3_600_000 + 590_000, env, random);
    expect(world.readings["sim-heladera"].door).toBe(1);
    expect(world.readings["sim-heladera"].temperature).toBeGreaterThan(8);
    world = advanceWorld(world, START + 3_600_000 + 620_000, env, random);
    expect(world.readings["sim-heladera"].door).toBe(0); // 03:00: nobody opens it at night
  });
});
