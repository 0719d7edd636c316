import { type Static, Type } from "@sinclair/typebox";
import type { ProductField } from "../sync/catalog.js";
import { Closed, Int, Nullable, Open } from "./fields.js";

/**
 * GET /v1/shape's body (cloud/src/shapes/shape-routes.ts): Electric's HTTP shape protocol, a JSON array
 * of messages, as the cloud serves it from shape_log or proxies it from Electric (which may add
 * headers of its own, hence open headers). The cloud writes it as text, so the route sets no response
 * schema: this is the contract the appliance's download reads, held against real answers by
 * cloud/src/shapes/shape.contract.test.ts.
 */

/** A row of a shape: every column as text (booleans "t"/"f", jsonb as its JSON text), null as null. */
export const ShapeRow = Type.Record(Type.String(), Nullable(Type.String()));

/** A row changed: insert or update carry the (requested) columns; delete carries the key column only. */
export const ShapeChangeMessage = Type.Object(
  {
    headers: Type.Object(
      {
        operation: Type.Union([Type.Literal("insert"), Type.Literal("update"), Type.Literal("delete")]),
        lsn: Type.Optional(Type.String()),
        op_position: Type.Optional(Int),
      },
      Open,
    ),
    key: Type.String(),
    value: ShapeRow,
  },
  Closed,
);
export type ShapeChangeMessage = Static<typeof ShapeChangeMessage>;

/** Caught up (up-to-date, with the log's head), or the handle is gone and the snapshot must be re-read (409). */
export const ShapeControlMessage = Type.Object(
  {
    headers: Type.Object(
      {
        control: Type.Union([Type.Literal("up-to-date"), Type.Literal("must-refetch")]),
        global_last_seen_lsn: Type.Optional(Type.String()),
      },
      Open,
    ),
  },
  Closed,
);
export type ShapeControlMessage = Static<typeof ShapeControlMessage>;

/** 200 (a snapshot or the changes after an offset) and 409 (must-refetch). */
export const ShapeAnswer = Type.Array(Type.Union([ShapeChangeMessage, ShapeControlMessage]));
export type ShapeAnswer = Static<typeof ShapeAnswer>;

/**
 * Products' per-field clocks, compact (issue 21): a snapshot row's `field_hlc` repeated every field
 * name and a 28-character clock per field, about 40 % of a 50,000-product snapshot. An appliance that
 * sends the request header `mostrador-clocks: compact` gets the products shape's `field_hlc` as
 * `[[clock, mask, ...names], …]` instead: one entry per distinct clock (oldest first), `mask` the
 * fields of PRODUCT_CLOCK_FIELDS carrying it (bit i = the i-th name) and `names` any other field with
 * it. A field without a clock is in no entry, exactly as in the object form; no clock is `null`.
 * A cloud that does not know the header (or Electric, proxied) sends the object form, and a client
 * that does not send it gets the object form: the cloud serves compact only to who asks, and the
 * appliance reads both (expandClocks).
 */
export const COMPACT_CLOCKS_HEADER = "mostrador-clocks";
export const COMPACT_CLOCKS = "compact";

/** Bit order of the compact mask. APPEND ONLY: a bit's meaning never changes once appliances read it. */
export const PRODUCT_CLOCK_FIELDS = [
  "sku",
  "name",
  "categoryId",
  "price",
  "ivaRate",
  "unit",
  "barcodes",
  "scaleCode",
  "lowStockThreshold",
  "active",
  "variantAxes",
  "variantOf",
  "variantValues",
  "priceFollowsModel",
] as const satisfies readonly ProductField[];

/** One clock and the fields that carry it: `[clock, mask, ...names outside PRODUCT_CLOCK_FIELDS]`. */
export const CompactClockEntry = Type.Array(
  Type.Union([Type.String({ minLength: 1 }), Type.Integer({ minimum: 0 })]),
  { minItems: 2 },
);
export const CompactClocks = Type.Array(CompactClockEntry);
export type CompactClocks = (string | number)[][];

/** The object form as the compact one (null for no clock at all), entries ordered by clock. */
export function compactClocks(clocks: Readonly<Record<string, string>>): CompactClocks | null {
  const byClock = new Map<string, { mask: number; names: string[] }>();
  for (const [field, clock] of Object.entries(clocks)) {
    const entry = byClock.get(clock) ?? { mask: 0, names: [] };
    byClock.set(clock, entry);
    const bit = (PRODUCT_CLOCK_FIELDS as readonly string[]).indexOf(field);
    if (bit >= 0) entry.mask += 2 ** bit;
    else entry.names.push(field);
  }
  if (byClock.size === 0) return null;
  return [...byClock.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([clock, e]) => [clock, e.mask, ...e.names.sort()]);
}

/**
 * A row's `field_hlc` as the appliance merges with it (field → clock), from either form: the object
 * as it is, the compact array expanded. A bit past the fields this side knows (a newer cloud's field)
 * is skipped: this side has no such field to merge.
 */
export function expandClocks(wire: unknown): Record<string, string> {
  if (wire === null || wire === undefined) return {};
  if (!Array.isArray(wire)) return wire as Record<string, string>;
  const clocks: Record<string, string> = {};
  for (const entry of wire as unknown[][]) {
    const [clock, mask, ...names] = entry;
    if (typeof clock !== "string" || typeof mask !== "number") continue;
    PRODUCT_CLOCK_FIELDS.forEach((field, bit) => {
      if (Math.floor(mask / 2 ** bit) % 2 === 1) clocks[field] = clock;
    });
    for (const name of names) if (typeof name === "string") clocks[name] = clock;
  }
  return clocks;
}
