import type { MessageKey } from "../i18n/i18n.js";
import type { SettingsForm } from "./settings-form.js";

/** Ajustes' sections, in tab order. Add a section here and render it in SettingsScreen. */
export type SettingsTab =
  | "shop"
  | "tills"
  | "sales"
  | "loyalty"
  | "scales"
  | "printer"
  | "homeAssistant"
  | "cloud"
  | "backup"
  | "audit"
  | "cardReaders"
  | "invoicing"
  | "mercadopago"
  | "plan";

export const SETTINGS_TABS: { id: SettingsTab; label: MessageKey }[] = [
  { id: "shop", label: "settings.tab.shop" },
  { id: "tills", label: "settings.tab.tills" },
  { id: "sales", label: "settings.tab.sales" },
  { id: "scales", label: "settings.tab.scales" },
  { id: "printer", label: "settings.tab.printer" },
  { id: "homeAssistant", label: "settings.tab.homeAssistant" },
  { id: "cloud", label: "settings.tab.cloud" },
  { id: "backup", label: "settings.tab.backup" },
  { id: "loyalty", label: "settings.tab.loyalty" },
  { id: "invoicing", label: "settings.tab.invoicing" },
  { id: "audit", label: "settings.tab.audit" },
  { id: "cardReaders", label: "settings.tab.cardReaders" },
  { id: "mercadopago", label: "settings.tab.mercadopago" },
  { id: "plan", label: "settings.tab.plan" },
];

/** The tab of each form field: a field refused on another tab marks that tab, so the owner finds it. */
export const FIELD_TAB: Record<keyof SettingsForm, SettingsTab> = {
  name: "shop",
  legalName: "shop",
  taxId: "shop",
  address: "shop",
  receiptFooter: "shop",
  timeZone: "shop",
  locale: "shop",
  discountLimit: "sales",
  negativeStock: "sales",
  notifyLowStock: "sales",
  cashDifferenceAlert: "sales",
  priceRounding: "sales",
  pinMaxAttempts: "sales",
  pinLockoutMinutes: "sales",
  scaleLayouts: "scales",
  printerInterface: "printer",
  printerType: "printer",
  printerWidthMm: "printer",
  openDrawerOnCash: "printer",
  homeAssistantDiscovery: "homeAssistant",
};

/** The tab after (+1) or before (−1) `tab`, wrapping: arrow keys walk the tab list. */
export function stepTab(tab: SettingsTab, step: 1 | -1): SettingsTab {
  const i = SETTINGS_TABS.findIndex((x) => x.id === tab);
  return SETTINGS_TABS[(i + step + SETTINGS_TABS.length) % SETTINGS_TABS.length]!.id;
}
