import { describe, expect, it } from "vitest";
import { normalizePhone } from "./phone.js";

describe("phone numbers are kept as WhatsApp must be sent to them", () => {
  it("an Argentine mobile in WhatsApp's 549 form becomes 54 + 10 digits", () => {
    expect(normalizePhone("5491123456789")).toBe("541123456789");
    expect(normalizePhone("+54 9 11 2345-6789")).toBe("541123456789");
  });
  it("a mobile typed the local way (0 11 15 ...) becomes the same number", () => {
    expect(normalizePhone("011 15 2345-6789")).toBe("541123456789");
    expect(normalizePhone("0341 15 555-1234")).toBe("543415551234");
  });
  it("an already correct 54 + 10 digits number is unchanged", () => {
    expect(normalizePhone("541123456789")).toBe("541123456789");
  });
  it("another country keeps its number", () => {
    expect(normalizePhone("+1 650 555 1234")).toBe("16505551234");
  });
  it("text that is not a phone number is refused", () => {
    expect(normalizePhone("hola")).toBeNull();
    expect(normalizePhone("12")).toBeNull();
  });
});
