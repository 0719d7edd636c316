import { describe, expect, it } from "vitest";
import { hashPin, isValidPin, needsRehash, verifyPin } from "./pins.js";

describe("PIN hashing", () => {
  it("verifies the right PIN and rejects a wrong one", () => {
    const stored = hashPin("4821");
    expect(verifyPin("4821", stored)).toBe(true);
    expect(verifyPin("4822", stored)).toBe(false);
    expect(verifyPin("48210", stored)).toBe(false);
  });

  it("salts every hash and stores the scrypt parameters with it, never the PIN", () => {
    const a = hashPin("1234");
    const b = hashPin("1234");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toContain("1234");
  });

  it("accepts only 4 to 8 digits", () => {
    expect(["1234", "12345678"].every(isValidPin)).toBe(true);
    expect(["123", "123456789", "12a4", " 1234", "", 1234, null].some(isValidPin)).toBe(false);
    expect(() => hashPin("12")).toThrow(expect.objectContaining({ code: "invalid_pin" }));
  });

  it("never matches a malformed or absurd stored hash instead of crashing", () => {
    for (const stored of ["test", "", "scrypt$15$8$1$$", "scrypt$40$8$1$c2FsdA$aGFzaA", "bcrypt$x$y$z$a$b"]) {
      expect(verifyPin("1234", stored)).toBe(false);
    }
  });

  it("keeps verifying hashes made with older, weaker parameters and flags them for re-hashing", () => {
    const weak = hashPin("9876", { logN: 10, r: 8, p: 1 });
    expect(verifyPin("9876", weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(hashPin("9876"))).toBe(false);
  });
});
