import { useMemo } from "react";
import { errorText, useLocale } from "../i18n/i18n.js";
import {
  formatDateTime,
  formatDayKey,
  formatMoney,
  formatPesosShort,
  formatQuantity,
  formatTime,
} from "@mostrador/contracts/format";

/** Formatters bound to the current language; instants take the store's zone explicitly. */
export function useFormat() {
  const locale = useLocale((s) => s.locale);
  return useMemo(
    () => ({
      locale,
      money: (centavos: number) => formatMoney(centavos, locale),
      pesosShort: (centavos: number) => formatPesosShort(centavos, locale),
      dateTime: (iso: string, timeZone?: string) => formatDateTime(iso, locale, timeZone),
      time: (iso: string, timeZone?: string) => formatTime(iso, locale, timeZone),
      day: (dateKey: string) => formatDayKey(dateKey, locale),
      quantity: (quantity: number, unit: string) => formatQuantity(quantity, unit, locale),
      error: (error: unknown) => errorText(locale, error),
    }),
    [locale],
  );
}
