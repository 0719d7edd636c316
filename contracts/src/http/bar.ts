import { Type, type Static } from "@sinclair/typebox";
import { Closed, IdParams, Instant, Int, Nullable, RowId } from "./fields.js";

/**
 * Bar mode's layouts (desktop/src/bar): a bar is a named set of big product buttons in groups, in the
 * order a manager chose, for the touch screen at the bar (desktop/ui/src/bar). A tablet picks its bar once
 * and remembers it. The layout is the appliance's own configuration: it does not go to the cloud.
 */

export const BAR_NAME_MAX = 40;
export const BAR_GROUPS_MAX = 20;
export const BAR_GROUP_PRODUCTS_MAX = 60;
export const BAR_GROUP_LABEL_MAX = 40;
/** More bars than a boliche has rooms: a limit a person can hit only by mistake. */
export const BARS_MAX = 50;

/** One group of buttons: a category's name as its title (or a label of its own), products in order. */
export const BarGroupInputSchema = Type.Object(
  {
    /** The category the group stands for (its name is the title); null: a group with only a label. */
    categoryId: Nullable(RowId),
    /** A title of the manager's own; empty or absent: the category's name. */
    label: Type.Optional(Nullable(Type.String({ maxLength: BAR_GROUP_LABEL_MAX }))),
    productIds: Type.Array(RowId, { minItems: 1, maxItems: BAR_GROUP_PRODUCTS_MAX }),
  },
  Closed,
);
export type BarGroupInput = Static<typeof BarGroupInputSchema>;

/** POST /api/bars and PUT /api/bars/:id: the whole layout, replaced at once. */
export const BarBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: BAR_NAME_MAX }),
    groups: Type.Array(BarGroupInputSchema, { maxItems: BAR_GROUPS_MAX }),
  },
  Closed,
);
export type BarInput = Static<typeof BarBody>;

/** /api/bars/:id */
export const BarParams = IdParams;

/** A button as the bar screen draws it: the product's current name and price. */
export const BarButtonSchema = Type.Object(
  {
    productId: Type.String(),
    name: Type.String(),
    /** Centavos, IVA included: the catalog's price now (the sale is priced by the server again). */
    price: Int,
    /** A product taken off sale stays in the layout (the editor shows it) but the bar screen hides it. */
    active: Type.Boolean(),
  },
  Closed,
);
export type BarButton = Static<typeof BarButtonSchema>;

export const BarGroupSchema = Type.Object(
  {
    categoryId: Nullable(Type.String()),
    /** The manager's label, or null to use the category's name. */
    label: Nullable(Type.String()),
    /** The title shown: the label, else the category's name, else null (the screen says "Otros"). */
    title: Nullable(Type.String()),
    buttons: Type.Array(BarButtonSchema),
  },
  Closed,
);
export type BarGroup = Static<typeof BarGroupSchema>;

export const BarSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    groups: Type.Array(BarGroupSchema),
    updatedAt: Instant,
  },
  Closed,
);
export type Bar = Static<typeof BarSchema>;

export const BarList = Type.Array(BarSchema);
