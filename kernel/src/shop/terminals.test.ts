import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../core/test-context.js";
import { createTerminal, getTerminal, listTerminals } from "./terminals.js";

describe("terminals (tills)", () => {
  let t: TestCore;
  beforeEach(() => {
    t = openTestCore();
  });
  afterEach(() => t.close());

  it("registers tills with their punto de venta number and lists them in order", () => {
    createTerminal(t, { code: 2, name: "Caja 2" });
    const first = createTerminal(t, { code: 1, name: "  " });
    expect(listTerminals(t).map((x) => x.code)).toEqual([1, 2]);
    expect(getTerminal(t, first.id).name).toBe("Caja 1");
  });

  it("refuses a number another till already has, so sale numbers can never collide", () => {
    createTerminal(t, { code: 1, name: "Caja 1" });
    expect(() => createTerminal(t, { code: 1, name: "Otra" })).toThrow(/Ya existe la caja número 1/);
    expect(listTerminals(t)).toHaveLength(1);
  });

  it("refuses numbers outside 1–9999", () => {
    for (const code of [0, 10_000, 1.5, -1]) expect(() => createTerminal(t, { code, name: "x" })).toThrow();
    expect(listTerminals(t)).toEqual([]);
  });

  it("says clearly when a till does not exist", () => {
    expect(() => getTerminal(t, "nope")).toThrow("La caja no existe");
  });
});
