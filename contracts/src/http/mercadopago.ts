import { type Static, Type } from "@sinclair/typebox";
import { MAX_AMOUNT } from "../limits.js";
import { MP_ORDER_STATUSES, MpOrderStatusSchema } from "../mercadopago/wire.js";
import { ClientId } from "./sales.js";
import { Closed, IdParams, Instant, Int, Nullable, RowId } from "./fields.js";

/**
 * The appliance's Mercado Pago routes (desktop/src/mercadopago/routes.ts): setup from Ajustes, charges
 * by dynamic QR or Point from the till's payment dialog, and the payments MP confirmed with no sale.
 */

/** MP access tokens: "APP_USR-…" (production) or "TEST-…" (test credentials). */
export const AccessToken = Type.String({ pattern: "^(APP_USR|TEST)-[A-Za-z0-9_-]{10,250}$", maxLength: 260 });

export const StoreLocationBody = Type.Object(
  {
    streetName: Type.String({ minLength: 1, maxLength: 100 }),
    streetNumber: Type.String({ minLength: 1, maxLength: 10 }),
    cityName: Type.String({ minLength: 1, maxLength: 100 }),
    /** Provincia, as MP names them ("Capital Federal", "Buenos Aires", "Córdoba"…). */
    stateName: Type.String({ minLength: 1, maxLength: 100 }),
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
  },
  Closed,
);
export type StoreLocationBody = Static<typeof StoreLocationBody>;

/** POST /api/mercadopago/account (settings.edit): connect the seller's account, create the store and a caja per till. */
export const ConnectBody = Type.Object(
  {
    accessToken: AccessToken,
    /** The secret of the seller's MP application's webhooks (Tus integraciones → Webhooks); the cloud checks signatures with it. */
    webhookSecret: Type.Optional(Type.String({ minLength: 16, maxLength: 128, pattern: "^[A-Za-z0-9]+$" })),
    location: StoreLocationBody,
  },
  Closed,
);
export type ConnectBody = Static<typeof ConnectBody>;

export const MpTill = Type.Object(
  {
    terminalId: Type.String(),
    code: Int,
    name: Type.String(),
    /** The caja's id at MP (shown in Ajustes; a printed static QR would name it too). */
    externalPosId: Nullable(Type.String()),
    /** The Point terminal (PDV mode) this till sends card payments to, or null. */
    pointTerminalId: Nullable(Type.String()),
  },
  Closed,
);
export type MpTill = Static<typeof MpTill>;

/** GET /api/mercadopago/account */
export const MpAccountAnswer = Type.Object(
  {
    connected: Type.Boolean(),
    nickname: Nullable(Type.String()),
    /** false with test credentials: nothing charged is real money. */
    live: Type.Boolean(),
    storeExternalId: Nullable(Type.String()),
    tills: Type.Array(MpTill),
    /** Whether a webhook secret was given (the cloud checks notifications' signatures with it). */
    webhookSecretSet: Type.Boolean(),
    /** The notification URL to paste in the MP application's Webhooks ("Order (Mercado Pago)"), once the paired cloud gave it. */
    webhookUrl: Nullable(Type.String()),
  },
  Closed,
);
export type MpAccountAnswer = Static<typeof MpAccountAnswer>;

/** A Point device of the store, to pick for a till. */
export const PointDevice = Type.Object(
  { id: Type.String(), operatingMode: Type.String(), assignedTo: Nullable(Type.String()) },
  Closed,
);
export const PointDeviceList = Type.Array(PointDevice);
export type PointDevice = Static<typeof PointDevice>;

/** PUT /api/mercadopago/tills/:id/point: the Point device for a till, or null for none. */
export const AssignPointBody = Type.Object(
  { pointTerminalId: Nullable(Type.String({ minLength: 1, maxLength: 100 })) },
  Closed,
);
export const TillParams = IdParams;

export const CHARGE_STATUSES = ["sending", ...MP_ORDER_STATUSES] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

/** A charge the till asked MP for: its state is MP's order status, re-read from MP ("sending": no answer yet). */
export const Charge = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal("qr"), Type.Literal("point")]),
    saleRef: Type.String(),
    amount: Int,
    /** Centavos given back at MP so far. */
    refunded: Int,
    status: Type.Union([Type.Literal("sending"), MpOrderStatusSchema]),
    statusDetail: Nullable(Type.String()),
    orderId: Nullable(Type.String()),
    /** The EMVCo string to draw as a QR (qr charges). */
    qrData: Nullable(Type.String()),
    pointTerminalId: Nullable(Type.String()),
    saleId: Nullable(Type.String()),
    abandonedAt: Nullable(Instant),
    createdAt: Instant,
    terminalCode: Int,
  },
  Closed,
);
export type Charge = Static<typeof Charge>;
export const ChargeList = Type.Array(Charge);

/** POST /api/mercadopago/charges: charge the amount due of the sale the till is paying (its client id). */
export const NewChargeBody = Type.Object(
  {
    saleRef: ClientId,
    amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, measure: "money" }),
    kind: Type.Union([Type.Literal("qr"), Type.Literal("point")]),
  },
  Closed,
);
export type NewChargeBody = Static<typeof NewChargeBody>;
export const ChargeParams = Type.Object({ id: RowId }, Closed);

/** POST /api/mercadopago/sales/:id/refund (sale.return): give back this much of what the sale was paid by MP, at MP, before the return. */
export const SaleRefundBody = Type.Object(
  { amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, measure: "money" }) },
  Closed,
);
