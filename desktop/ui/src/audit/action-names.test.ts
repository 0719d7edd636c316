import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { auditActionName, NAMED_AUDIT_ACTIONS } from "./action-names.js";

const root = fileURLToPath(new URL("../../../../", import.meta.url));

/** The `action: "x.y"` literals next to recordAudit calls in the appliance's sources. */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === "node_modules" || name === "dist") continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) {
        const text = readFileSync(path, "utf8");
        if (!text.includes("recordAudit(")) continue;
        for (const m of text.matchAll(/action: "([a-z_]+\.[a-z_.]+)"/g)) found.add(m[1]!);
      }
    }
  };
  for (const dir of ["kernel/src", "desktop/src"]) walk(join(root, dir));
  return found;
}

describe("audit action names", () => {
  it("names in Spanish and English every action the appliance records by a literal", () => {
    const recorded = recordedActions();
    expect(recorded.size).toBeGreaterThan(10);
    const missing = [...recorded].filter((a) => !NAMED_AUDIT_ACTIONS.includes(a));
    expect(missing).toEqual([]);
    for (const action of recorded) {
      expect(auditActionName("es-AR", action)).not.toBe(action);
      expect(auditActionName("en", action)).not.toBe(action);
    }
  });

  it("shows a code it does not know as the code itself", () => {
    expect(auditActionName("es-AR", "modulo.nuevo")).toBe("modulo.nuevo");
  });
});
