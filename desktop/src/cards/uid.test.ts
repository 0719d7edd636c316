import { describe, expect, it } from "vitest";
import { refusal } from "../appliance/test-core.js";
import { normaliseUid } from "./uid.js";

describe("a card's UID as readers and people type it", () => {
  it("is one upper-case hex string whatever the separators, case or 0x prefixes", () => {
    for (const raw of [
      "deadbeef",
      "DE AD BE EF",
      "de:ad:be:ef",
      "DE-AD-BE-EF",
      "0xDE 0xAD 0xBE 0xEF",
      " DEADBEEF\n",
    ]) {
      expect(normaliseUid(raw), raw).toBe("DEADBEEF");
    }
    expect(normaliseUid("04 A1 B2 C3 D4 E5 F6")).toBe("04A1B2C3D4E5F6");
    // A wedge reader typing the 10-digit decimal of a 32-bit id: digits are hex digits, the same card types the same.
    expect(normaliseUid("2736734546")).toBe("2736734546");
  });

  it("refuses garbage bytes, an odd count of digits, too short, too long or nothing, in Spanish", () => {
    const cases: [unknown, RegExp][] = [
      ["DEADBEEG", /no son hexadecimales/],
      ["DE\u0000AD\u0007BEEF", /no son hexadecimales/],
      ["ÑANDÚ123", /no son hexadecimales/],
      ["DEADBEE", /cantidad impar/],
      ["DEAD", /entre 4 y 10 bytes/],
      ["00".repeat(11), /entre 4 y 10 bytes/],
      ["", /Falta el UID/],
      ["  : - ", /Falta el UID/],
      [42, /Falta el UID/],
      [null, /Falta el UID/],
    ];
    for (const [raw, message] of cases) {
      const r = refusal(() => normaliseUid(raw));
      expect(r.code, String(raw)).toBe("invalid_card_uid");
      expect(r.message).toMatch(message);
    }
  });
});
