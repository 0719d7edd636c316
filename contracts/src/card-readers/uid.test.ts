import { describe, expect, it } from "vitest";
import { normalizeUid, uidFromBytes, UID_PATTERN } from "./uid.js";

const hex = { numberFormat: "hex", byteOrder: "as_read" } as const;
const ok = (raw: string, format: Parameters<typeof normalizeUid>[1] = hex) => {
  const r = normalizeUid(raw, format);
  if (!r.ok) throw new Error(`refused ${JSON.stringify(raw)}: ${r.error.message}`);
  return r.value;
};
const refusal = (raw: string, format: Parameters<typeof normalizeUid>[1] = hex) => {
  const r = normalizeUid(raw, format);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(raw)} as ${r.value}`);
  return r.error;
};

describe("card UID normaliser", () => {
  it("reads hex as readers print it into one upper-case run of the chip's bytes", () => {
    for (const raw of ["04a32b1c", "04 A3 2B 1C", "04:A3:2B:1C", "04-a3-2b-1c", " 0x04 0xA3 0x2B 0x1C\r\n"])
      expect(ok(raw)).toBe("04A32B1C");
  });

  it("reads PN532 sketches' unpadded bytes (0x4) as one byte each", () => {
    expect(ok("0x4 0xA3 0x2B 0x1C")).toBe("04A32B1C");
    expect(ok("4 A3 2B 1C")).toBe("04A32B1C");
  });

  it("reverses the bytes for a reader configured that way", () => {
    expect(ok("1C 2B A3 04", { numberFormat: "hex", byteOrder: "reversed" })).toBe("04A32B1C");
  });

  it("reads a wedge's decimal number as the chip's bytes, in the fewest real chip length", () => {
    // 0x6E645C79 = 1852071033
    expect(ok("1852071033", { numberFormat: "decimal", byteOrder: "as_read" })).toBe("6E645C79");
    expect(ok("0009334109", { numberFormat: "decimal", byteOrder: "as_read" })).toBe("008E6D5D");
    expect(ok("1852071033", { numberFormat: "decimal", byteOrder: "reversed" })).toBe("795C646E");
    // Larger than 4 bytes: the EM4100's 5.
    expect(ok(String(0x307e4de5c2), { numberFormat: "decimal", byteOrder: "as_read" })).toBe("307E4DE5C2");
  });

  it("keeps 4, 5, 7 and 10 byte UIDs, and every result matches the API's pattern", () => {
    for (const raw of ["04A32B1C", "307E4DE5C2", "04A32B1C5D6E80", "04A32B1C5D6E80112233"]) {
      expect(ok(raw)).toBe(raw);
      expect(UID_PATTERN.test(ok(raw))).toBe(true);
    }
  });

  it("refuses garbage with a reason: control bytes, non-hex, wrong lengths, nothing, too long", () => {
    expect(refusal("04A3\u00002B1C").code).toBe("control_bytes");
    expect(refusal("\u001b[A04A32B1C").code).toBe("control_bytes");
    expect(refusal("04A32B1G").code).toBe("not_hex");
    expect(refusal("04 A3 2B 1CC").code).toBe("not_hex");
    expect(refusal("04A32B1").code).toBe("wrong_length");
    expect(refusal("04A32B").message).toBe("Un UID de tarjeta tiene 4, 5, 7 o 10 bytes; este tiene 3 bytes");
    expect(refusal("04A32B1C5D6E").code).toBe("wrong_length");
    expect(refusal("   ").code).toBe("empty");
    expect(refusal("0".repeat(65)).code).toBe("too_long");
    expect(refusal("12a4", { numberFormat: "decimal", byteOrder: "as_read" }).code).toBe("not_decimal");
    expect(refusal("9".repeat(25), { numberFormat: "decimal", byteOrder: "as_read" }).code).toBe(
      "wrong_length",
    );
  });

  it("turns the chip's bytes into the UID and refuses what is not a byte", () => {
    expect(uidFromBytes([0x04, 0xa3, 0x2b, 0x1c])).toEqual({ ok: true, value: "04A32B1C" });
    expect(uidFromBytes([0x04, 0xa3, 0x2b, 0x1c], "reversed")).toEqual({ ok: true, value: "1C2BA304" });
    expect(uidFromBytes([0x04, 0xa3, 0x2b, 256]).ok).toBe(false);
    expect(uidFromBytes([0x04, 0xa3]).ok).toBe(false);
  });
});
