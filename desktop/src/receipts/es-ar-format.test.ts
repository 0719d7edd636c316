import { describe, expect, it } from "vitest";
import { formatCuit, formatDateTime, formatKg, formatRate, printable } from "./es-ar-format.js";

describe("es-AR ticket formatting", () => {
  it("formats grams as kilos with three decimals, and rates in basis points", () => {
    expect(formatKg(750)).toBe("0,750 kg");
    expect(formatKg(12_005)).toBe("12,005 kg");
    expect(formatRate(2100)).toBe("21%");
    expect(formatRate(1050)).toBe("10,5%");
    expect(formatRate(0)).toBe("0%");
  });

  it("numbers tickets PPPP-NNNNNNNN and formats an 11-digit CUIT", () => {
    expect(formatCuit("20123456789")).toBe("20-12345678-9");
    expect(formatCuit("no es un CUIT")).toBe("no es un CUIT");
  });

  it("shows a UTC time in the shop's time zone, and survives a bad zone", () => {
    expect(formatDateTime("2026-11-21T02:30:00.000Z", "America/Argentina/Buenos_Aires")).toBe(
      "20/11/2026 23:30",
    );
    expect(formatDateTime("2026-11-21T02:30:00.000Z", "America/La_Paz")).toBe("20/11/2026 22:30");
    expect(formatDateTime("2026-11-21T02:30:00.000Z", "Not/AZone")).toBe("20/11/2026 23:30");
  });

  it("keeps accents and ñ but turns typographic punctuation into what the printer has", () => {
    expect(printable("Ñandú “premium” – 1…")).toBe('Ñandú "premium" - 1...');
    expect(printable("a\tb\u0007c")).toBe("a bc");
  });
});
