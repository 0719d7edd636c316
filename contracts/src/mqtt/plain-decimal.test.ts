import { describe, expect, it } from "vitest";
import { plainDecimal } from "./plain-decimal.js";
import { DECIMAL } from "./reading.js";

/** What the general path (readings.ts) accepts as a decimal, and the value it gives. */
const general = (text: string): number | undefined => {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
};

/** A small deterministic generator, so a failure can be replayed. */
function* randomTexts(count: number): Generator<string> {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const alphabet = ["0", "1", "2", "5", "7", "9", ".", "-", " ", "e", "+", "\t", ",", "x"];
  for (let n = 0; n < count; n++) {
    const length = 1 + Math.floor(next() * 20);
    let text = "";
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
    yield text;
  }
}

describe("plain decimal fast path", () => {
  it("reads the usual readings exactly as Number() does", () => {
    for (const text of [
      "4.7",
      "-12",
      " 4.1\n",
      "0",
      "-0.0",
      "007",
      "1.",
      ".5",
      "23.456",
      "-0.1",
      "999999999999999",
    ]) {
      expect(plainDecimal(Buffer.from(text))).toBe(Number(text.trim()));
    }
    expect(Object.is(plainDecimal(Buffer.from("-0")), -0)).toBe(true);
  });

  it("leaves to the general path what it cannot answer for certain", () => {
    for (const text of [
      "",
      " ",
      "-",
      ".",
      "1e3",
      "1.2.3",
      "--1",
      "+1",
      "4,7",
      "0x10",
      "1 2",
      "4.7°",
      "Infinity",
      "1234567890123456",
    ]) {
      expect(plainDecimal(Buffer.from(text))).toBeUndefined();
    }
  });

  it("never disagrees with the general path on 20,000 random texts", () => {
    let answered = 0;
    for (const text of randomTexts(20_000)) {
      const fast = plainDecimal(Buffer.from(text));
      if (fast === undefined) continue;
      answered++;
      expect(fast, JSON.stringify(text)).toBe(general(text));
    }
    expect(answered).toBeGreaterThan(1_000);
  });

  it("gives the correctly rounded double for 15-digit decimals with any number of decimals", () => {
    let seed = 7;
    const digit = () => (seed = (seed * 48_271) % 2_147_483_647) % 10;
    for (let n = 0; n < 5_000; n++) {
      const all = Array.from({ length: 15 }, digit).join("");
      const point = 1 + (n % 14);
      const text = `${all.slice(0, point)}.${all.slice(point)}`;
      expect(plainDecimal(Buffer.from(text))).toBe(Number(text));
    }
  });
});
