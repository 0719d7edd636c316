import type { ApiError } from "@mostrador/contracts/http-client";
import { useCallback, useMemo } from "react";

import { useSession } from "../session/session-store.js";
import {
  DEFAULT_TIME_ZONE,
  formatDateTime,
  formatMoney,
  formatPercentBp,
  formatQuantity,
  formatTime,
} from "@mostrador/contracts/format";
import { errorMessage, type MessageKey, translate } from "./i18n.js";
import { useLocale } from "./locale-store.js";

/** `t(key, vars)` in the current language. */
export function useT(): (key: MessageKey, vars?: Record<string, string | number>) => string {
  const locale = useLocale((s) => s.locale);
  return useCallback((key, vars) => translate(locale, key, vars), [locale]);
}

/** Formatters bound to the current language and the shop's time zone. */
export function useFormat() {
  const locale = useLocale((s) => s.locale);
  const timeZone = useSession((s) =>
    typeof s.settings?.timeZone === "string" ? s.settings.timeZone : DEFAULT_TIME_ZONE,
  );
  return useMemo(
    () => ({
      money: (centavos: number) => formatMoney(centavos, locale),
      dateTime: (iso: string) => formatDateTime(iso, locale, timeZone),
      time: (iso: string) => formatTime(iso, locale, timeZone),
      quantity: (quantity: number, unit: "each" | "kg") => formatQuantity(quantity, unit, locale),
      percent: (bp: number) => formatPercentBp(bp, locale),
      error: (error: unknown) =>
        error && typeof error === "object" && "code" in error
          ? errorMessage(locale, error as ApiError)
          : translate(locale, "error.generic"),
    }),
    [locale, timeZone],
  );
}
