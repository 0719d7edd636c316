import { describe, expect, it } from "vitest";
import { EMPTY_SEARCH, historyQuery } from "./history-search.js";

const ZONE = "America/Argentina/Buenos_Aires";

describe("historyQuery", () => {
  it("reads days in the shop's zone, the printed or bare number, and a typed total", () => {
    expect(
      historyQuery(
        {
          fromDay: "2026-12-06",
          toDay: "2026-12-06",
          number: "0001-00000042",
          total: "$ 1.234,50",
          staffId: "s1",
        },
        ZONE,
        "es-AR",
      ),
    ).toEqual({
      ok: true,
      query: {
        from: "2026-12-06T03:00:00.000Z",
        to: "2026-12-07T03:00:00.000Z",
        number: 42,
        total: 123450,
        staffId: "s1",
      },
    });
    expect(historyQuery({ ...EMPTY_SEARCH, number: "42" }, ZONE, "es-AR")).toEqual({
      ok: true,
      query: { number: 42 },
    });
    expect(historyQuery(EMPTY_SEARCH, ZONE, "es-AR")).toEqual({ ok: true, query: {} });
  });

  it("names the field it cannot read", () => {
    expect(historyQuery({ ...EMPTY_SEARCH, number: "doce" }, ZONE, "es-AR")).toEqual({
      ok: false,
      field: "number",
    });
    expect(historyQuery({ ...EMPTY_SEARCH, number: "0" }, ZONE, "es-AR")).toEqual({
      ok: false,
      field: "number",
    });
    expect(historyQuery({ ...EMPTY_SEARCH, total: "mucho" }, ZONE, "es-AR")).toEqual({
      ok: false,
      field: "total",
    });
  });
});
