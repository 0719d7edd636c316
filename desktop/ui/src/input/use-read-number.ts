import { useCallback } from "react";
import { useLocale } from "../i18n/locale-store.js";
import { useT } from "../i18n/use-i18n.js";
import { type NumberField, readNumber } from "./limits.js";

export type ReadResult = { ok: true; value: number } | { ok: false; message: string };

/** readNumber in the person's language: the value, or the sentence that names the field's real limit. */
export function useReadNumber(): (text: string, field: NumberField) => ReadResult {
  const locale = useLocale((s) => s.locale);
  const t = useT();
  return useCallback(
    (text, field) => {
      const result = readNumber(text, field, locale);
      return result.ok ? result : { ok: false, message: t(result.problem.key, result.problem.vars) };
    },
    [locale, t],
  );
}
