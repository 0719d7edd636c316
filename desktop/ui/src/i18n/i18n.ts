import { en, enErrors } from "./en.js";
import { es, type MessageKey } from "./es.js";
import { interpolate, type Locale } from "./format.js";

export type { MessageKey };

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { "es-AR": es, en };

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  return interpolate(DICTIONARIES[locale][key] ?? es[key], vars);
}

/** An API error for a person: English by code when we know it, otherwise the server's own (Spanish) sentence. */
export function errorMessage(locale: Locale, error: { code: string; message: string }): string {
  if (locale === "en") return enErrors[error.code] ?? error.message;
  return error.message;
}
