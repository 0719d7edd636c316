import { describe, expect, it } from "vitest";
import type { Queryable } from "../db/sql.js";
import type { HandlerRegistration } from "../ingest/handlers.js";
import { cloudModules } from "../modules.js";
import { ManualClock } from "./clock.js";
import {
  projectionsOf,
  rootRoutesOf,
  routesOf,
  startModules,
  type CloudKernel,
  type CloudModule,
} from "./module.js";

const noop: HandlerRegistration = { apply: async (_q: Queryable) => {} };

function kernel(logged: string[] = []): CloudKernel {
  return { sql: {} as CloudKernel["sql"], clock: new ManualClock(), log: (m) => logged.push(m) };
}

describe("the cloud's module list", () => {
  it("gives every sync entity the appliance uploads exactly one projection", () => {
    const projections = projectionsOf(cloudModules);
    for (const entity of ["sale", "return", "cash_session", "stock_movement", "alarm", "notification"])
      expect(projections.has(entity)).toBe(true);
    expect(projections.get("product")).toBe(
      cloudModules.find((m) => m.name === "catalog")?.projections?.product,
    );
  });

  it("refuses two modules projecting the same entity, naming both", () => {
    const a: CloudModule = { name: "a", projections: { sale: noop } };
    const b: CloudModule = { name: "b", projections: { sale: noop } };
    expect(() => projectionsOf([a, b])).toThrow(/"sale": a y b/);
  });

  it("lists routes in module order", () => {
    const first = () => async () => {};
    const second = () => async () => {};
    expect(
      routesOf([{ name: "a", routes: [first] }, { name: "b" }, { name: "c", routes: [second] }]),
    ).toEqual([first, second]);
  });

  it("keeps root routes (mounted unprefixed: the public API) apart from the /v1 ones, in module order", () => {
    const v1 = () => async () => {};
    const root = () => async () => {};
    const modules: CloudModule[] = [{ name: "a", routes: [v1], rootRoutes: [root] }, { name: "b" }];
    expect(routesOf(modules)).toEqual([v1]);
    expect(rootRoutesOf(modules)).toEqual([root]);
  });
});

describe("starting and stopping modules", () => {
  const recording = (events: string[], name: string, failStart = false): CloudModule => ({
    name,
    start() {
      if (failStart) throw new Error(`${name} no arrancó`);
      events.push(`start ${name}`);
      return { stop: () => void events.push(`stop ${name}`) };
    },
  });

  it("starts in list order and stops in reverse", async () => {
    const events: string[] = [];
    const stop = await startModules(
      [recording(events, "a"), { name: "quiet" }, recording(events, "b")],
      kernel(),
    );
    await stop();
    expect(events).toEqual(["start a", "start b", "stop b", "stop a"]);
  });

  it("stops the modules already started when a later one fails to start", async () => {
    const events: string[] = [];
    await expect(
      startModules([recording(events, "a"), recording(events, "b", true)], kernel()),
    ).rejects.toThrow(/b no arrancó/);
    expect(events).toEqual(["start a", "stop a"]);
  });

  it("keeps stopping the others when one module's stop fails, and logs it", async () => {
    const events: string[] = [];
    const logged: string[] = [];
    const failing: CloudModule = {
      name: "failing",
      start: () => ({
        stop: () => {
          throw new Error("no");
        },
      }),
    };
    const stop = await startModules([recording(events, "a"), failing], kernel(logged));
    await stop();
    expect(events).toEqual(["start a", "stop a"]);
    expect(logged).toEqual(["No se pudo detener el módulo failing"]);
  });
});
