import { parsePrice, type Locale } from "@mostrador/contracts/format";
import type { SalesQuery } from "@mostrador/contracts/http/sales";
import { dayRangeQuery } from "../shared/day-range.js";

/** The sales history's search as typed. */
export interface HistorySearch {
  fromDay: string;
  toDay: string;
  /** "42" or the printed "0001-00000042". */
  number: string;
  /** "1.234,50" as the owner types money. */
  total: string;
  staffId: string;
}

export const EMPTY_SEARCH: HistorySearch = { fromDay: "", toDay: "", number: "", total: "", staffId: "" };

const PRINTED_NUMBER = /^(?:\d{1,4}-)?(\d{1,8})$/;

/** The GET /api/sales query of a search, or the field that cannot be read. */
export function historyQuery(
  search: HistorySearch,
  timeZone: string,
  locale: Locale,
): { ok: true; query: SalesQuery } | { ok: false; field: "number" | "total" } {
  const query: SalesQuery = { ...dayRangeQuery(search.fromDay, search.toDay, timeZone) };
  const number = search.number.trim();
  if (number) {
    const m = PRINTED_NUMBER.exec(number);
    if (!m || Number(m[1]) < 1) return { ok: false, field: "number" };
    query.number = Number(m[1]);
  }
  const total = search.total.trim();
  if (total) {
    const centavos = parsePrice(total.replace(/^\$\s*/, ""), locale);
    if (centavos === null) return { ok: false, field: "total" };
    query.total = centavos;
  }
  if (search.staffId) query.staffId = search.staffId;
  return { ok: true, query };
}
