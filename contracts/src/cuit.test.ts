import { describe, expect, it } from "vitest";
import { cuitProblem, normalizeCuit } from "./cuit.js";

describe("CUIT", () => {
  it("accepts a CUIT whose check digit matches, with or without dashes", () => {
    expect(cuitProblem("30-71234567-1")).toBeNull();
    expect(cuitProblem("20123456786")).toBeNull();
  });

  it("refuses a wrong check digit", () => {
    expect(cuitProblem("30-71234567-2")).toBe("check_digit");
  });

  it("refuses anything that is not 11 digits", () => {
    expect(cuitProblem("30-7123456-1")).toBe("format");
    expect(cuitProblem("CUIT 30712345671")).toBe("format");
  });

  it("writes a CUIT in the XX-XXXXXXXX-X form", () => {
    expect(normalizeCuit(" 30.71234567.1 ")).toBe("30-71234567-1");
  });
});
