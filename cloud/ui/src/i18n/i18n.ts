import { create } from "zustand";
import { type Locale, rememberedLocale, rememberLocale } from "@mostrador/contracts/format";
import { en, enErrors } from "./en.js";
import { es, type MessageKey } from "./es.js";
import { formatMessage, type MessageVars } from "@mostrador/contracts/icu";

export type { MessageKey };

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { "es-AR": es, en };

/**
 * The message for `key` in `locale` (Spanish where missing), formatted as ICU MessageFormat: plurals and
 * selects by CLDR's rules; an unknown placeholder stays visible so a missing value is noticed.
 */
export function translate(locale: Locale, key: MessageKey, vars: MessageVars = {}): string {
  return formatMessage(locale, DICTIONARIES[locale][key] ?? es[key], vars);
}

/** An API error for a person: English by code when known, otherwise the service's Spanish sentence. */
export function errorText(locale: Locale, error: unknown): string {
  if (error && typeof error === "object" && "code" in error && "message" in error) {
    const { code, message } = error as { code: string; message: string };
    return locale === "en" ? (enErrors[code] ?? message) : message;
  }
  return translate(locale, "error.generic");
}

const KEY = "mostrador.cloud.locale";

interface LocaleStore {
  locale: Locale;
  toggle(): void;
}

/** Spanish by default; the owner's choice is remembered on this browser. */
export const useLocale = create<LocaleStore>()((set, get) => ({
  locale: rememberedLocale(KEY) ?? "es-AR",
  toggle: () => {
    const locale: Locale = get().locale === "es-AR" ? "en" : "es-AR";
    rememberLocale(KEY, locale);
    document.documentElement.lang = locale;
    set({ locale });
  },
}));

/** `t(key, vars)` in the current language. */
export function useT() {
  const locale = useLocale((s) => s.locale);
  return (key: MessageKey, vars?: MessageVars) => translate(locale, key, vars);
}
