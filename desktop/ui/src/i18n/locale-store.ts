import { create } from "zustand";
import { LOCALES, type Locale, rememberedLocale, rememberLocale } from "@mostrador/contracts/format";

const KEY = "mostrador.locale";

interface LocaleStore {
  locale: Locale;
  /** True once the person picked a language on this till: their choice beats the shop default. */
  chosen: boolean;
  toggle(): void;
  /** The shop's configured locale, applied only when nobody chose one on this till. */
  applyShopDefault(locale: string): void;
}

export const useLocale = create<LocaleStore>()((set, get) => ({
  locale: rememberedLocale(KEY) ?? "es-AR",
  chosen: rememberedLocale(KEY) !== null,
  toggle: () => {
    const locale: Locale = get().locale === "es-AR" ? "en" : "es-AR";
    rememberLocale(KEY, locale);
    set({ locale, chosen: true });
  },
  applyShopDefault: (locale) => {
    if (!get().chosen && LOCALES.includes(locale as Locale)) set({ locale: locale as Locale });
  },
}));
