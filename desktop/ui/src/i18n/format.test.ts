import { describe, expect, it } from "vitest";
import { formatDateTime, formatMoney, formatPercentBp, formatQuantity } from "./format.js";
import { errorMessage, translate } from "./i18n.js";

// Intl separates the currency symbol with a no-break space; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("formatters", () => {
  it("formats integer centavos as pesos in each locale", () => {
    expect(plain(formatMoney(123450, "es-AR"))).toBe("$ 1.234,50");
    expect(plain(formatMoney(5, "es-AR"))).toBe("$ 0,05");
    expect(plain(formatMoney(-250, "es-AR"))).toBe("-$ 2,50");
    expect(plain(formatMoney(123450, "en"))).toBe("ARS 1,234.50");
    expect(plain(formatMoney(1_000_000_000_000, "es-AR"))).toBe("$ 10.000.000.000,00");
  });

  it("shows dates in the shop's time zone, not UTC", () => {
    // 02:30 UTC is still the previous evening in Buenos Aires (UTC-3).
    expect(plain(formatDateTime("2025-03-01T02:30:00.000Z", "es-AR"))).toBe("28/2/25, 23:30");
    expect(plain(formatDateTime("2025-03-01T02:30:00.000Z", "en", "UTC"))).toBe("3/1/25, 2:30 AM");
  });

  it("shows weighed quantities as kilograms and percentages from basis points", () => {
    expect(formatQuantity(1250, "kg", "es-AR")).toBe("1,250 kg");
    expect(formatQuantity(3, "each", "es-AR")).toBe("3");
    expect(formatPercentBp(1050, "es-AR")).toBe("10,5 %");
    expect(formatPercentBp(1000, "en")).toBe("10 %");
  });
});

describe("dictionaries", () => {
  it("speaks Spanish by default and English when chosen", () => {
    expect(translate("es-AR", "till.pay")).toBe("Cobrar");
    expect(translate("en", "till.pay")).toBe("Pay");
    expect(translate("en", "login.attemptsLeft", { n: 2 })).toBe("Wrong PIN: 2 attempts left");
  });

  it("translates known API error codes in English and falls back to the server's sentence", () => {
    const known = { code: "unknown_barcode", message: "Código desconocido" };
    const unknown = { code: "something_new", message: "Algo nuevo pasó" };
    expect(errorMessage("en", known)).toBe("Unknown barcode");
    expect(errorMessage("es-AR", known)).toBe("Código desconocido");
    expect(errorMessage("en", unknown)).toBe("Algo nuevo pasó");
  });
});
