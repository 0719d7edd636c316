import { create } from "zustand";
import { LOCALES, type Locale } from "./format.js";

const KEY = "mostrador.locale";

function stored(): Locale | null {
  try {
    const value = globalThis.localStorage?.getItem(KEY);
    return LOCALES.includes(value as Locale) ? (value as Locale) : null;
  } catch {
    return null;
  }
}

interface LocaleStore {
  locale: Locale;
  /** True once the person picked a language on this till: their choice beats the shop default. */
  chosen: boolean;
  toggle(): void;
  /** The shop's configured locale, applied only when nobody chose one on this till. */
  applyShopDefault(locale: string): void;
}

export const useLocale = create<LocaleStore>()((set, get) => ({
  locale: stored() ?? "es-AR",
  chosen: stored() !== null,
  toggle: () => {
    const locale: Locale = get().locale === "es-AR" ? "en" : "es-AR";
    try {
      globalThis.localStorage?.setItem(KEY, locale);
    } catch {
      // Private mode or full storage: the choice lasts until reload.
    }
    set({ locale, chosen: true });
  },
  applyShopDefault: (locale) => {
    if (!get().chosen && LOCALES.includes(locale as Locale)) set({ locale: locale as Locale });
  },
}));
