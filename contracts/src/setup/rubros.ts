/**
 * The kinds of business the first-run wizard offers, and what each one preselects. The one place to add a
 * rubro or change what it suggests: the appliance stores the choice (ShopSettings.rubro), the wizard shows
 * these, the catalog's new-product form starts from `defaultUnit`, and the sensors screen suggests
 * `suggestedDevices` (with `ruleTemplates`, the gateway's rule set for them: gateway/src/rules/seed-rule-sets.ts).
 */

export const RUBRO_IDS = [
  "almacen",
  "carniceria",
  "panaderia",
  "ropa",
  "bar",
  "centro_medico",
  "riego",
] as const;
export type RubroId = (typeof RUBRO_IDS)[number];

/** What a device does in the shop (the gateway's seed rules are written per role). */
export type DeviceRole = "fridge" | "freezer" | "door" | "power" | "irrigation";
/** Parts of the product a rubro leans on; the wizard's last step points at them. */
export type SuggestedModule = "catalog" | "stock" | "scale" | "sensors" | "rules";
/** The gateway's rule-set families (seed-rule-sets.ts), or none. */
export type RuleTemplates = "carniceria" | "panaderia" | "riego" | "tienda" | "bar" | null;

export interface RubroPreset {
  id: RubroId;
  /** How most of its products are sold: by the unit, or weighed (kg, with a label scale). */
  defaultUnit: "each" | "kg";
  /** The receipt's last line until the owner changes it in Ajustes. */
  receiptFooter: string;
  suggestedDevices: readonly DeviceRole[];
  ruleTemplates: RuleTemplates;
  suggestedModules: readonly SuggestedModule[];
}

export const RUBROS: readonly RubroPreset[] = [
  {
    id: "almacen",
    defaultUnit: "each",
    receiptFooter: "¡Gracias por su compra!",
    suggestedDevices: ["fridge", "power"],
    ruleTemplates: "tienda",
    suggestedModules: ["catalog", "stock"],
  },
  {
    id: "carniceria",
    defaultUnit: "kg",
    receiptFooter: "¡Gracias por su compra! Conserve la carne en frío.",
    suggestedDevices: ["fridge", "freezer", "door", "power"],
    ruleTemplates: "carniceria",
    suggestedModules: ["catalog", "scale", "sensors", "rules"],
  },
  {
    id: "panaderia",
    defaultUnit: "kg",
    receiptFooter: "¡Gracias por su compra! Productos elaborados en el día.",
    suggestedDevices: ["fridge", "freezer", "power"],
    ruleTemplates: "panaderia",
    suggestedModules: ["catalog", "scale", "sensors", "rules"],
  },
  {
    id: "ropa",
    defaultUnit: "each",
    receiptFooter: "¡Gracias por su compra! Cambios dentro de los 30 días con este ticket.",
    suggestedDevices: ["door"],
    ruleTemplates: "tienda",
    suggestedModules: ["catalog", "stock"],
  },
  {
    id: "bar",
    defaultUnit: "each",
    receiptFooter: "¡Gracias por venir! Lo esperamos pronto.",
    suggestedDevices: ["fridge", "door", "power"],
    ruleTemplates: "bar",
    suggestedModules: ["catalog", "stock", "sensors", "rules"],
  },
  {
    id: "centro_medico",
    defaultUnit: "each",
    receiptFooter: "Gracias por su visita.",
    suggestedDevices: ["fridge", "power"],
    ruleTemplates: "tienda",
    suggestedModules: ["catalog", "sensors"],
  },
  {
    id: "riego",
    defaultUnit: "each",
    receiptFooter: "¡Gracias por su compra!",
    suggestedDevices: ["irrigation", "power"],
    ruleTemplates: "riego",
    suggestedModules: ["sensors", "rules"],
  },
];

export function rubroPreset(id: RubroId): RubroPreset {
  return RUBROS.find((r) => r.id === id) ?? RUBROS[0]!;
}
