/**
 * The bounds both sides of the upload enforce. The till refuses past them at input; the cloud refuses
 * past them at ingest and in the dashboard; so an operation the till accepted is never parked by the
 * cloud for being out of range. Money in integer centavos, quantities in units (or grams for weighed
 * goods).
 */

/** Largest single amount (a price, a line, a ticket, a payment): $ 10.000.000.000,00. */
export const MAX_AMOUNT = 1_000_000_000_000;

/** Largest sum of many amounts the cloud stores (a Z report, a day of a store): 100 × MAX_AMOUNT. */
export const MAX_AGGREGATE_AMOUNT = 100 * MAX_AMOUNT;

/** Most units of one item on a ticket line: anything above is a typo, not a counter sale. */
export const MAX_LINE_UNITS = 100_000;

/** Most grams of a weighed item on a ticket line (1 tonne). */
export const MAX_LINE_GRAMS = 1_000_000;

/** A percent discount, in basis points: at most 100 %. */
export const MAX_PERCENT_BP = 10_000;

/** Largest stock quantity or movement: a million units, or 1000 t of a weighed good in grams. */
export const MAX_STOCK_QUANTITY = 1_000_000_000;

/** A low-stock threshold past a million units (or 1000 t) is a typo, not a policy. */
export const MAX_LOW_STOCK_THRESHOLD = MAX_STOCK_QUANTITY;

/** Largest PLU a 6-digit scale item field can carry. */
export const MAX_SCALE_CODE = 999_999;

/** Barcodes one product may carry. */
export const MAX_BARCODES = 20;

export const PRODUCT_NAME_MAX = 120;
export const SKU_MAX = 40;
export const BARCODE_MAX = 48;

/** Option axes one model may have (Talle, Color, Material, Largo). */
export const MAX_VARIANT_AXES = 4;
/** Values one axis may list (talles 1–60 of a shoe shop fit). */
export const MAX_AXIS_VALUES = 60;
/** Cells (variants) one model's grid may have: past this a grid is a typo, and a till screen can't show it. */
export const MAX_VARIANT_CELLS = 400;
export const AXIS_NAME_MAX = 30;
export const AXIS_VALUE_MAX = 30;
