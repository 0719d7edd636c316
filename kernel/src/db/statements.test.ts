import { afterEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../core/test-context.js";
import { stmt } from "./statements.js";

describe("prepared statement cache", () => {
  let core: TestCore;
  afterEach(() => core.close());

  it("compiles the same SQL once per database and gives back the same statement", () => {
    core = openTestCore();
    const a = stmt(core.db, "SELECT count(*) AS n FROM terminals");
    const b = stmt(core.db, "SELECT count(*) AS n FROM terminals");
    expect(a).toBe(b);
    expect(a.get()).toEqual({ n: 0 });
  });

  it("keeps separate statements for separate database handles", () => {
    core = openTestCore();
    const other = openTestCore();
    try {
      expect(stmt(core.db, "SELECT 1")).not.toBe(stmt(other.db, "SELECT 1"));
    } finally {
      other.close();
    }
  });
});
