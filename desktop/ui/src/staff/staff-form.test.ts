import { describe, expect, it } from "vitest";
import { cleanStaffName, newStaffBody, pinProblem } from "./staff-form.js";

describe("PIN confirmation", () => {
  it("accepts 4 to 8 digits typed the same twice", () => {
    expect(pinProblem("1234", "1234")).toBeNull();
    expect(pinProblem("12345678", "12345678")).toBeNull();
  });

  it("refuses a PIN that is too short, too long or not digits", () => {
    for (const pin of ["123", "123456789", "12a4", "", "12 34"])
      expect(pinProblem(pin, pin)).toBe("pin_format");
  });

  it("refuses two PINs that differ", () => {
    expect(pinProblem("1234", "1243")).toBe("pin_mismatch");
  });
});

describe("new staff member", () => {
  it("builds the POST body with a cleaned name", () => {
    expect(newStaffBody({ name: "  Ana   María ", role: "manager", pin: "4321", pinAgain: "4321" })).toEqual({
      name: "Ana María",
      role: "manager",
      pin: "4321",
    });
  });

  it("refuses a missing or overlong name before checking the PIN", () => {
    expect(newStaffBody({ name: "   ", role: "cashier", pin: "1", pinAgain: "2" })).toEqual({
      problem: "name_required",
    });
    expect(newStaffBody({ name: "x".repeat(61), role: "cashier", pin: "1234", pinAgain: "1234" })).toEqual({
      problem: "name_too_long",
    });
    expect(cleanStaffName(" a  b ")).toBe("a b");
  });

  it("refuses a PIN confirmation that does not match", () => {
    expect(newStaffBody({ name: "Ana", role: "cashier", pin: "1234", pinAgain: "4321" })).toEqual({
      problem: "pin_mismatch",
    });
  });
});
