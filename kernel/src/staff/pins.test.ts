import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CURRENT_PARAMS, hashPin, isValidPin, needsRehash, setPinCostForTests, verifyPin } from "./pins.js";

describe("PIN hashing", () => {
  it("verifies the right PIN and rejects a wrong one", () => {
    const stored = hashPin("4821");
    expect(verifyPin("4821", stored)).toBe(true);
    expect(verifyPin("4822", stored)).toBe(false);
    expect(verifyPin("48210", stored)).toBe(false);
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

  it("refuses to lower the cost outside a test run", () => {
    const vitest = process.env.VITEST;
    delete process.env.VITEST;
    try {
      expect(() => setPinCostForTests({ logN: 4, r: 1, p: 1 })).toThrow(/only in tests/);
    } finally {
      process.env.VITEST = vitest;
    }
  });
});

// The test run hashes with a token cost (scripts/test-run/cheap-hashing.ts): these put production's back.
describe("PIN hashing at production's cost", () => {
  let lowered: ReturnType<typeof setPinCostForTests>;
  beforeAll(() => {
    lowered = setPinCostForTests(null);
  });
  afterAll(() => {
    setPinCostForTests(lowered);
  });

  it("salts every hash and stores the scrypt parameters with it, N=2^15 r=8 p=1, never the PIN", () => {
    expect(CURRENT_PARAMS).toEqual({ logN: 15, r: 8, p: 1 });
    const a = hashPin("1234");
    const b = hashPin("1234");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toContain("1234");
  });

  it("keeps verifying hashes made with older, weaker parameters and flags them for re-hashing", () => {
    const weak = hashPin("9876", { logN: 10, r: 8, p: 1 });
    expect(verifyPin("9876", weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(hashPin("9876"))).toBe(false);
  });
});
