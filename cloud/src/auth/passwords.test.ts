import { afterEach, describe, expect, it } from "vitest";
import {
  decoyHash,
  hashPassword,
  needsRehash,
  PRODUCTION_COST,
  setPasswordCostForTests,
  verifyPassword,
} from "./passwords.js";

// The test run hashes with a token cost (scripts/test-run/cheap-hashing.ts): these tests put production's back.
let lowered: ReturnType<typeof setPasswordCostForTests> | undefined;
afterEach(() => {
  if (lowered) setPasswordCostForTests(lowered);
  lowered = undefined;
});

describe("password hashing", () => {
  it("hashes with production's scrypt cost, N=2^15 r=8 p=3, once nothing lowers it", async () => {
    lowered = setPasswordCostForTests(null);
    expect(PRODUCTION_COST).toEqual({ N: 2 ** 15, r: 8, p: 3 });
    const stored = await hashPassword("una-clave-larga");
    expect(stored).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword("una-clave-larga", stored)).toBe(true);
    expect(await verifyPassword("otra-clave-larga", stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
    // The decoy an unknown email is checked against costs as much as a real hash.
    expect(decoyHash()).toMatch(/^scrypt\$32768\$8\$3\$/);
  });

  it("keeps verifying a hash made with other parameters and flags it for rehashing", async () => {
    const cheap = await hashPassword("una-clave-larga");
    lowered = setPasswordCostForTests(null);
    expect(await verifyPassword("una-clave-larga", cheap)).toBe(true);
    expect(needsRehash(cheap)).toBe(true);
  });

  it("refuses to lower the cost outside a test run", () => {
    const vitest = process.env.VITEST;
    delete process.env.VITEST;
    try {
      expect(() => setPasswordCostForTests({ N: 16, r: 1, p: 1 })).toThrow(/only in tests/);
    } finally {
      process.env.VITEST = vitest;
    }
  });
});
