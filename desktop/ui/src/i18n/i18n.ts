import { en, enErrors } from "./en.js";
import { es, type MessageKey } from "./es.js";
import type { Locale } from "@mostrador/contracts/format";
import { formatMessage, type MessageVars } from "@mostrador/contracts/icu";

export type { MessageKey };

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { "es-AR": es, en };

/** The message for `key` in `locale` (Spanish where missing), formatted as ICU MessageFormat with `vars`. */
export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  return formatMessage(locale, DICTIONARIES[locale][key] ?? es[key], vars);
}

/** An API error for a person: English by code when we know it, otherwise the server's own (Spanish) sentence. */
export function errorMessage(locale: Locale, error: { code: string; message: string }): string {
  if (locale === "en") return enErrors[error.code] ?? error.message;
  return error.message;
}
