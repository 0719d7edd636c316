import { Type, type Static } from "@sinclair/typebox";
import { Closed } from "./fields.js";
import { MAX_LINES } from "./sales.js";

/**
 * The customer-facing display (desktop/src/customer-display): the till publishes what its customer should
 * see, the appliance relays it to that till's displays and keeps nothing but the latest state in memory.
 * Amounts are integer centavos, as everywhere.
 */

/** A ticket holds at most this many lines, so the display takes them all. */
export const DISPLAY_LINES_MAX = MAX_LINES;
export const DISPLAY_TEXT_MAX = 200;
/** A Mercado Pago QR's EMVCo text is a few hundred characters; more is a mistake. */
export const DISPLAY_QR_MAX = 2_000;
const Centavos = Type.Integer({ minimum: 0, maximum: 100_000_000_000 });

export const CustomerDisplayLineSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: DISPLAY_TEXT_MAX }),
    /** Units, or grams when `unit` is "kg". */
    quantity: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
    unit: Type.Union([Type.Literal("each"), Type.Literal("kg")]),
    amount: Centavos,
  },
  Closed,
);
export type CustomerDisplayLine = Static<typeof CustomerDisplayLineSchema>;

/** A Mercado Pago QR charge the customer is asked to scan, or its outcome. */
export const CustomerDisplayQrSchema = Type.Object(
  {
    qrData: Type.String({ minLength: 1, maxLength: DISPLAY_QR_MAX }),
    amount: Centavos,
    status: Type.Union([Type.Literal("waiting"), Type.Literal("paid")]),
  },
  Closed,
);
export type CustomerDisplayQr = Static<typeof CustomerDisplayQrSchema>;

/** POST /api/customer-display (the till, for its own session's till) and what its displays receive. */
export const CustomerDisplayStateSchema = Type.Object(
  {
    lines: Type.Array(CustomerDisplayLineSchema, { maxItems: DISPLAY_LINES_MAX }),
    total: Centavos,
    customerName: Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: DISPLAY_TEXT_MAX })]),
    mercadoPago: Type.Union([Type.Null(), CustomerDisplayQrSchema]),
    /** The sale is committed: "¡Gracias!" with what it cost and the change in cash. */
    done: Type.Union([Type.Null(), Type.Object({ total: Centavos, change: Centavos }, Closed)]),
  },
  Closed,
);
export type CustomerDisplayState = Static<typeof CustomerDisplayStateSchema>;

/** Nothing on the ticket: the display shows the shop's name. */
export const IDLE_DISPLAY: CustomerDisplayState = {
  lines: [],
  total: 0,
  customerName: null,
  mercadoPago: null,
  done: null,
};

/** GET /api/customer-display: the latest state of the session's till (idle when it published none). */
export const CustomerDisplayAnswer = Type.Object(
  { terminalId: Type.String(), state: CustomerDisplayStateSchema },
  Closed,
);
export type CustomerDisplayAnswer = Static<typeof CustomerDisplayAnswer>;

/** What /api/customer-display/events sends: the state of the display's own till, whenever it changes. */
export interface CustomerDisplayEvent {
  type: "customer_display";
  payload: { terminalId: string; state: CustomerDisplayState };
}
