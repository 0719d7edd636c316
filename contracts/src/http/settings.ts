import { MAX_AMOUNT } from "../limits.js";
import { Type, type Static } from "@sinclair/typebox";
import type { RubroId } from "../setup/rubros.js";
import { Closed, IdParams, Instant, Int, Nullable, type SameUnion } from "./fields.js";

/**
 * Shop settings and the tills (desktop/src/api/routes/settings.ts). The settings schema is also the one
 * the appliance stores with (kernel/src/shop/settings.ts validates every change by it).
 */

/** Label-scale EAN-13 layout: 2-digit prefix, item code, value (price or weight), check digit. */
export const ScaleLayout = Type.Object(
  {
    prefix: Type.Integer({ minimum: 20, maximum: 29 }),
    itemDigits: Type.Integer({ minimum: 4, maximum: 6 }),
    valueDigits: Type.Integer({ minimum: 4, maximum: 6 }),
    /** "price": the value is the line price; "weight": the value is grams. */
    kind: Type.Union([Type.Literal("price"), Type.Literal("weight")]),
    /** Centavos per unit of a price value (100 when the scale prints whole pesos, 1 for centavos). */
    priceScale: Type.Integer({ minimum: 1, maximum: 100 }),
  },
  Closed,
);
export type ScaleLayout = Static<typeof ScaleLayout>;

export const PrinterSettings = Type.Object(
  {
    /** "tcp://host:9100", a device path such as "/dev/usb/lp0", or "" for no printer. */
    interface: Type.String({ maxLength: 200 }),
    type: Type.Union([Type.Literal("epson"), Type.Literal("star")]),
    widthMm: Type.Union([Type.Literal(58), Type.Literal(80)]),
    openDrawerOnCash: Type.Boolean(),
  },
  Closed,
);
export type PrinterSettings = Static<typeof PrinterSettings>;

/** The shop's standing with AFIP (condición frente al IVA): what the receipt header says. */
export const IVA_CONDITIONS = ["responsable_inscripto", "monotributo", "exento"] as const;
export type IvaCondition = (typeof IVA_CONDITIONS)[number];
export const IvaConditionSchema = Type.Union([
  Type.Literal("responsable_inscripto"),
  Type.Literal("monotributo"),
  Type.Literal("exento"),
]);
/** The kind of business chosen in the first-run wizard (contracts/src/setup/rubros.ts). */
export const RubroSchema = Type.Union([
  Type.Literal("almacen"),
  Type.Literal("carniceria"),
  Type.Literal("panaderia"),
  Type.Literal("ropa"),
  Type.Literal("bar"),
  Type.Literal("centro_medico"),
  Type.Literal("riego"),
]);
export const RUBRO_SCHEMA_MATCHES: SameUnion<RubroId, Static<typeof RubroSchema>> = true;
export const IVA_SCHEMA_MATCHES: SameUnion<IvaCondition, Static<typeof IvaConditionSchema>> = true;

/**
 * How bulk price changes round a new price (desktop/src/catalog/price-rounding.ts): "none" to the
 * centavo; "peso", "ten", "hundred" to the nearest $1, $10, $100; "end9" and "end99" up to the next
 * whole price ending in 9 or 99 pesos ($1.234,50 → $1.239 or $1.299).
 */
export const PriceRoundingSchema = Type.Union([
  Type.Literal("none"),
  Type.Literal("peso"),
  Type.Literal("ten"),
  Type.Literal("hundred"),
  Type.Literal("end9"),
  Type.Literal("end99"),
]);
export type PriceRounding = Static<typeof PriceRoundingSchema>;
/** Every rounding, in the order the screens offer them. */
export const PRICE_ROUNDINGS = [
  "none",
  "peso",
  "ten",
  "hundred",
  "end9",
  "end99",
] as const satisfies readonly PriceRounding[];

/** GET /api/settings answers it whole; PATCH /api/settings takes any part of it and answers it whole. */
export const ShopSettings = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    legalName: Type.String({ maxLength: 120 }),
    taxId: Type.String({ maxLength: 20 }),
    address: Type.String({ maxLength: 160 }),
    ivaCondition: IvaConditionSchema,
    rubro: RubroSchema,
    /** Free text of several lines (a <textarea>): the one setting where TAB, LF and CR are allowed (api/text-policy.ts). */
    receiptFooter: Type.String({ maxLength: 200, multiline: true }),
    timeZone: Type.String({ minLength: 1, maxLength: 60 }),
    locale: Type.Union([Type.Literal("es-AR"), Type.Literal("en")]),
    currency: Type.String({ minLength: 3, maxLength: 3 }),
    /** Discounts above this share of the amount need a manager PIN. Basis points: 1000 = 10 %. */
    discountLimitBp: Type.Integer({ minimum: 0, maximum: 10000 }),
    /** Selling below zero stock: allowed with a warning, or blocked. */
    negativeStock: Type.Union([Type.Literal("warn"), Type.Literal("block")]),
    scaleLayouts: Type.Array(ScaleLayout, { maxItems: 10 }),
    printer: PrinterSettings,
    /** Wrong PINs before a staff member is locked out, and for how long. */
    pinMaxAttempts: Type.Integer({ minimum: 1, maximum: 20 }),
    pinLockoutMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    /** Announce the shop's sensors and relays to Home Assistant (MQTT discovery, gateway/src/discovery). */
    homeAssistantDiscovery: Type.Boolean(),
    /**
     * Tell the owner (through the cloud) when a sale or an adjustment leaves a product at or below its
     * low-stock threshold (desktop/src/stock/low-stock-alert.ts).
     */
    notifyLowStock: Type.Boolean(),
    /**
     * Tell the owner when a cash session closes (cierre Z) with a difference between counted and expected
     * cash larger than this, either way, in centavos; 0: never (desktop/src/cash/close.ts).
     */
    cashDifferenceAlert: Type.Integer({ minimum: 0, maximum: MAX_AMOUNT }),
    /** Price endings bulk price changes round to; optional so stored settings and older clients stay valid. */
    priceRounding: Type.Optional(PriceRoundingSchema),
  },
  Closed,
);
export type ShopSettings = Static<typeof ShopSettings>;

/** PATCH /api/settings: any subset; each value is validated by the same schema the appliance stores with. */
export const SettingsPatch = Type.Partial(ShopSettings, Closed);
export type SettingsPatch = Static<typeof SettingsPatch>;

/** A till: its code (punto de venta) prefixes its sale numbers. */
export const TerminalSchema = Type.Object({ id: Type.String(), code: Int, name: Type.String() }, Closed);
export type Terminal = Static<typeof TerminalSchema>;
/** GET /api/terminals (public: the login screen picks its till before anyone logs in). */
export const TerminalList = Type.Array(TerminalSchema);

/** A till as Ajustes shows it: retired tills stay listed (their sales point at them) but nobody logs in there. */
export const ManagedTerminalSchema = Type.Object(
  { id: Type.String(), code: Int, name: Type.String(), retiredAt: Nullable(Instant) },
  Closed,
);
export type ManagedTerminal = Static<typeof ManagedTerminalSchema>;
/** GET /api/settings/terminals (settings.edit): every till, retired ones too. */
export const ManagedTerminalList = Type.Array(ManagedTerminalSchema);

const TerminalName = Type.String({ maxLength: 40 });
/** POST /api/settings/terminals: a new till; an empty name becomes "Caja <code>". */
export const NewTerminalBody = Type.Object({ code: Type.Integer(), name: TerminalName }, Closed);
export type NewTerminalInput = Static<typeof NewTerminalBody>;
/** PATCH /api/settings/terminals/:id: rename a till (its number is on printed receipts: it never changes). */
export const TerminalPatchBody = Type.Object({ name: TerminalName }, Closed);
export const TerminalParams = IdParams;
