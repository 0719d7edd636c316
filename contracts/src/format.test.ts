import { describe, expect, it } from "vitest";
import {
  formatDateTime,
  formatDayKey,
  formatMoney,
  formatPercentBp,
  formatPesosShort,
  formatQuantity,
  formatTime,
  parsePrice,
  priceInputValue,
  rememberedLocale,
  rememberLocale,
} from "./format.js";

const plain = (s: string) => s.replace(/\u00a0/g, " ");

describe("money for people", () => {
  it("shows centavos as Argentine pesos the local way", () => {
    expect(plain(formatMoney(123_450, "es-AR"))).toBe("$ 1.234,50");
    expect(plain(formatMoney(5, "es-AR"))).toBe("$ 0,05");
    expect(plain(formatMoney(-100, "es-AR"))).toBe("-$ 1,00");
    expect(plain(formatMoney(123_450, "en"))).toBe("ARS 1,234.50");
  });

  it("keeps every centavo of a large total (no float rounding)", () => {
    expect(plain(formatMoney(900_719_925_474_099, "es-AR"))).toBe("$ 9.007.199.254.740,99");
  });

  it("labels chart axes in whole pesos", () => {
    expect(formatPesosShort(1_250_000, "es-AR")).toBe("12.500");
    expect(formatPesosShort(1_250_000, "en")).toBe("12,500");
  });
});

describe("dates in the store's time zone", () => {
  it("shows an instant on the store's wall clock, not the viewer's", () => {
    expect(formatTime("2026-03-02T11:10:00Z", "es-AR")).toBe("08:10");
    expect(formatTime("2026-03-02T11:10:00Z", "es-AR", "Asia/Tokyo")).toBe("20:10");
    expect(formatDateTime("2026-03-03T01:30:00Z", "es-AR")).toBe("2/3/26, 22:30");
  });

  it("shows a calendar day as that day whatever the viewer's zone", () => {
    expect(formatDayKey("2026-03-02", "es-AR")).toMatch(/^lun.* 2[-/]3$/);
    expect(formatDayKey("2026-03-02", "en")).toMatch(/^Mon.* 3\/2$/);
  });

  it("shows weighed quantities in kilograms", () => {
    expect(formatQuantity(1500, "kg", "es-AR")).toBe("1,500 kg");
    expect(formatQuantity(12, "each", "es-AR")).toBe("12");
    expect(formatQuantity(-1500, "kg", "es-AR")).toBe("-1,500 kg");
  });

  it("keeps each locale's quantity format apart when both are used in turn", () => {
    expect(formatQuantity(1234, "each", "es-AR")).toBe("1.234");
    expect(formatQuantity(1234, "each", "en")).toBe("1,234");
    expect(formatQuantity(1500, "kg", "en")).toBe("1.500 kg");
    expect(formatQuantity(1500, "kg", "es-AR")).toBe("1,500 kg");
    expect(formatQuantity(1234, "each", "es-AR")).toBe("1.234");
  });

  it("shows percentages from basis points", () => {
    expect(formatPercentBp(1050, "es-AR")).toBe("10,5 %");
    expect(formatPercentBp(1000, "en")).toBe("10 %");
  });
});

describe("prices typed by the owner", () => {
  it("reads pesos with optional thousands and up to two decimals", () => {
    expect(parsePrice("1.234,50", "es-AR")).toBe(123_450);
    expect(parsePrice("$ 1234,5", "es-AR")).toBe(123_450);
    expect(parsePrice("1234", "es-AR")).toBe(123_400);
    expect(parsePrice("0,05", "es-AR")).toBe(5);
    expect(parsePrice("1,234.50", "en")).toBe(123_450);
  });

  it("refuses what is not a price", () => {
    for (const text of ["", "abc", "-5", "1,234", "12.34", "1,2,3", "1e5", "1.234,567"])
      expect(parsePrice(text, "es-AR"), text).toBeNull();
    expect(parsePrice("9".repeat(20), "es-AR")).toBeNull();
  });

  it("round-trips a stored price through the input field", () => {
    expect(parsePrice(priceInputValue(125_050, "es-AR"), "es-AR")).toBe(125_050);
    expect(parsePrice(priceInputValue(7, "en"), "en")).toBe(7);
  });
});

describe("the remembered language", () => {
  const storage = new Map<string, string>();
  const fakeStorage = {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => void storage.set(key, value),
  };

  it("comes back under its own key and ignores anything that is not a language we speak", () => {
    Object.assign(globalThis, { localStorage: fakeStorage });
    try {
      expect(rememberedLocale("till")).toBeNull();
      rememberLocale("till", "en");
      expect(rememberedLocale("till")).toBe("en");
      expect(rememberedLocale("dashboard")).toBeNull();
      storage.set("dashboard", "fr");
      expect(rememberedLocale("dashboard")).toBeNull();
    } finally {
      Reflect.deleteProperty(globalThis, "localStorage");
    }
  });

  it("is simply not remembered where storage is unavailable", () => {
    expect(() => rememberLocale("till", "en")).not.toThrow();
    expect(rememberedLocale("till")).toBeNull();
  });
});
