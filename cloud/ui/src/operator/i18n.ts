import type { Locale } from "@mostrador/contracts/format";
import { formatMessage, type MessageVars } from "@mostrador/contracts/icu";
import { useLocale } from "../i18n/i18n.js";
import { operatorEn, operatorEnErrors } from "./words-en.js";
import { operatorEs, type OperatorKey } from "./words-es.js";

const DICTIONARIES: Record<Locale, Record<OperatorKey, string>> = { "es-AR": operatorEs, en: operatorEn };

export function translateOp(locale: Locale, key: OperatorKey, vars: MessageVars = {}): string {
  return formatMessage(locale, DICTIONARIES[locale][key] ?? operatorEs[key], vars);
}

/** `t(key, vars)` in the language the dashboard remembers (the same switch, the same key). */
export function useOpT() {
  const locale = useLocale((s) => s.locale);
  return (key: OperatorKey, vars?: MessageVars) => translateOp(locale, key, vars);
}

/** An API refusal for the operator: English by code when known, otherwise the service's Spanish. */
export function opErrorText(locale: Locale, error: unknown): string {
  if (error && typeof error === "object" && "code" in error && "message" in error) {
    const { code, message } = error as { code: string; message: string };
    return locale === "en" ? (operatorEnErrors[code] ?? message) : message;
  }
  return translateOp(locale, "op.error.generic");
}
