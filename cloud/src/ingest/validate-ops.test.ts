import { describe, expect, it } from "vitest";
import { HOSTILE_TEXT } from "@mostrador/contracts/text-samples";
import { projectionsOf } from "../core/module.js";
import { cloudModules } from "../modules.js";
import { OpFactory } from "./test-ops.js";
import { whyRejected } from "./validate-ops.js";

const projections = projectionsOf(cloudModules);

// The text check skips its walk for payloads whose serialization shows nothing to look at: these hold
// the characters that make it walk, in values and in keys, and check the verdict is the walk's.
describe("per-op text check", () => {
  it.each(['comillas "dobles"', "barra \\ invertida", "mate 🧉", "tab\tsalto\nretorno\r", "ñandú"])(
    "accepts a sale whose line says %j",
    (text) => {
      const sale = new OpFactory().sale();
      sale.payload.lines[0]!.description = text;
      expect(whyRejected(sale.op, projections)).toBeNull();
    },
  );

  it.each(HOSTILE_TEXT.filter(({ label }) => label !== "line break" && label !== "tab"))(
    "refuses $label in a value or in a key",
    ({ text }) => {
      const inValue = new OpFactory().sale();
      inValue.payload.lines[0]!.description = `Producto ${text}`;
      expect(whyRejected(inValue.op, projections)).toMatch(/^El campo "lines\.0\.description" contiene/);
      const inKey = new OpFactory().rawOp("staff", "s1", "created", { id: "s1", [`k${text}`]: 1 });
      expect(whyRejected(inKey, projections)).toMatch(/^El nombre del campo/);
    },
  );
});
