import { afterEach, describe, expect, it } from "vitest";
import type { Kernel, ModuleManifest } from "./module.js";
import { startModules } from "./module.js";
import { openTestCore, type TestCore } from "./test-context.js";

function recorder() {
  const log: string[] = [];
  const module = (name: string, fail = false): ModuleManifest => ({
    name,
    start() {
      if (fail) throw new Error(`${name} no arrancó`);
      log.push(`start ${name}`);
      return { stop: () => void log.push(`stop ${name}`) };
    },
  });
  return { log, module };
}

describe("starting the composed modules", () => {
  const cores: TestCore[] = [];
  afterEach(() => {
    for (const core of cores.splice(0)) core.close();
  });
  const kernel = (): Kernel => {
    const ctx = openTestCore();
    cores.push(ctx);
    return { ctx, api: {} as Kernel["api"], log: () => {} };
  };

  it("starts them in list order and stops them in reverse", async () => {
    const { log, module } = recorder();
    const running = await startModules(kernel(), [module("a"), { name: "sin arranque" }, module("b")]);
    await running.stop();
    expect(log).toEqual(["start a", "start b", "stop b", "stop a"]);
  });

  it("stops the ones already started when one fails, and says which", async () => {
    const { log, module } = recorder();
    await expect(startModules(kernel(), [module("a"), module("b", true), module("c")])).rejects.toThrow(
      "b no arrancó",
    );
    expect(log).toEqual(["start a", "stop a"]);
  });
});
