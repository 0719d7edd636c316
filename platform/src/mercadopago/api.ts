import type { MpOrder, MpOrderStatus, MpStoreLocation } from "@mostrador/contracts/mercadopago/wire";

/**
 * Every Mercado Pago call Mostrador makes, in Mostrador's terms (centavos, not "500.00"). Two things
 * fit it: the real client (`real-client.ts`, the official `mercadopago` package plus fetch for what it
 * lacks) and nothing else — tests and the end-to-end runs point that same client at the local fake
 * server (`fake/`) instead of api.mercadopago.com, so the code that talks to MP is the code under test.
 */
export interface MercadoPagoApi {
  /** The seller the access token belongs to (its user id is needed to create stores). */
  whoAmI(): Promise<{ userId: string; nickname: string; live: boolean }>;
  createStore(
    userId: string,
    input: { name: string; externalId: string; location: MpStoreLocation },
  ): Promise<{ id: string }>;
  createPos(input: { name: string; storeId: string; externalStoreId: string; externalId: string }): Promise<{
    id: string;
    externalId: string;
  }>;
  /** Point terminals of a store (PDV mode is needed to send them orders). */
  listTerminals(storeId: string): Promise<MpTerminal[]>;
  /** An order for a dynamic QR or a Point terminal. The key makes a retry return the same order. */
  createOrder(input: CreateOrderInput, idempotencyKey: string): Promise<OrderView>;
  getOrder(orderId: string): Promise<OrderView>;
  cancelOrder(orderId: string, idempotencyKey: string): Promise<OrderView>;
  /** Refunds a processed order: in full, or `amount` centavos of its payment (a partial refund). */
  refundOrder(orderId: string, idempotencyKey: string, amount?: number): Promise<OrderView>;
  /** A Checkout Pro payment link. */
  createPreference(input: PreferenceInput, idempotencyKey: string): Promise<{ id: string; url: string }>;
  getPayment(paymentId: string): Promise<PaymentView>;
}

export interface MpTerminal {
  id: string;
  posId: string | null;
  storeId: string | null;
  externalPosId: string | null;
  operatingMode: string;
}

export type CreateOrderInput =
  | {
      kind: "qr";
      externalReference: string;
      amount: number;
      externalPosId: string;
      description?: string;
      expiresInMinutes?: number;
    }
  | {
      kind: "point";
      externalReference: string;
      amount: number;
      terminalId: string;
      description?: string;
      expiresInMinutes?: number;
    };

/** An order as Mostrador reads it: the status, the amount in centavos, the QR to draw. */
export interface OrderView {
  id: string;
  kind: string;
  externalReference: string;
  status: MpOrderStatus;
  statusDetail: string;
  amount: number;
  paymentId: string | null;
  qrData: string | null;
  /** Centavos refunded so far (the sum of the order's refunds). */
  refunded: number;
  /** MP's answer as it came (absent when the order was relayed by the cloud). */
  raw?: MpOrder;
}

export interface PreferenceInput {
  externalReference: string;
  title: string;
  amount: number;
  notificationUrl?: string;
  /** Where the buyer's browser goes back after paying (or leaving) the checkout; MP adds payment_id and status. */
  backUrl?: string;
  /** After this instant MP's checkout no longer takes the payment (`expires` + `expiration_date_to`). */
  expiresAt?: Date;
}

export interface PaymentView {
  id: string;
  status: string;
  amount: number;
  externalReference: string | null;
}

/** Why a call failed, in the terms the till and the cloud act on. */
export type MercadoPagoFailure =
  /** No answer (no internet, timeout, DNS): the outcome of a write is unknown, retry with the same key. */
  | "unreachable"
  /** The token was refused. */
  | "unauthorized"
  | "not_found"
  /** MP refused the request (bad amount, order not cancellable now). */
  | "refused"
  /** MP failed (5xx): like unreachable, the outcome is unknown. */
  | "server";

export class MercadoPagoError extends Error {
  constructor(
    readonly failure: MercadoPagoFailure,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = "MercadoPagoError";
  }
}

/** Centavos as MP's amount string: 50000 → "500.00". */
export function toMpAmount(centavos: number): string {
  if (!Number.isSafeInteger(centavos) || centavos <= 0)
    throw new MercadoPagoError("refused", "El importe debe ser un número entero de centavos mayor que cero");
  return `${Math.trunc(centavos / 100)}.${String(centavos % 100).padStart(2, "0")}`;
}

/** MP's amount string as centavos: "500.00" → 50000 (never through floating point). */
export function fromMpAmount(amount: string): number {
  const match = /^([0-9]+)\.([0-9]{2})$/.exec(amount);
  if (!match) throw new MercadoPagoError("server", `Mercado Pago respondió un importe ilegible: ${amount}`);
  return Number(match[1]) * 100 + Number(match[2]);
}

export function orderView(raw: MpOrder): OrderView {
  const payment = raw.transactions.payments[0];
  return {
    id: raw.id,
    kind: raw.type,
    externalReference: raw.external_reference,
    status: raw.status,
    statusDetail: raw.status_detail,
    amount: fromMpAmount(raw.total_amount),
    paymentId: payment?.id ?? null,
    qrData: raw.type_response?.qr_data ?? null,
    refunded: (raw.transactions.refunds ?? []).reduce((sum, r) => sum + fromMpAmount(r.amount), 0),
    raw,
  };
}
