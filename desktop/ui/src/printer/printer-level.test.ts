import { describe, expect, it } from "vitest";
import { printerLevel } from "./printer-level.js";

describe("printerLevel", () => {
  it("is ok only when a configured printer answers", () => {
    expect(
      printerLevel({ configured: true, reachable: true, message: "Impresora lista", lastError: null }),
    ).toBe("ok");
  });

  it("tells an unconfigured printer apart from one that does not answer", () => {
    expect(
      printerLevel({ configured: false, reachable: false, message: "No hay impresora", lastError: null }),
    ).toBe("unconfigured");
    expect(
      printerLevel({ configured: true, reachable: false, message: "No responde", lastError: null }),
    ).toBe("unreachable");
  });

  it("is unknown when the status could not be read", () => {
    expect(printerLevel(null)).toBe("unknown");
  });
});
