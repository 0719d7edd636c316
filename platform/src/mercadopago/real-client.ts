import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import {
  MpOrder,
  MpPayment,
  MpPos,
  MpPreference,
  MpStore,
  type MpCreateOrderRequest,
} from "@mostrador/contracts/mercadopago/wire";
import { MercadoPagoConfig, Order, Payment, Preference, User } from "mercadopago";
import {
  type CreateOrderInput,
  type MercadoPagoApi,
  MercadoPagoError,
  type MpTerminal,
  orderView,
  toMpAmount,
} from "./api.js";

/**
 * The official package's base URL, a constant inside it (AppConfig.BASE_URL) with no option to change
 * it; the calls the package lacks (stores, POS, terminals) go to the same address with fetch. Tests reach
 * the fake by redirecting this origin (fake/redirect.ts), so both halves are tested the same way.
 */
export const MP_API_BASE = "https://api.mercadopago.com";

export interface RealClientOptions {
  accessToken: string;
  /** Per request; the package's default is 10 s. The till waits on this, so keep it short. */
  timeoutMs?: number;
}

/** The real Mercado Pago client: the official `mercadopago` package where it has the call, fetch for the rest. */
export function mercadoPagoClient({ accessToken, timeoutMs = 8_000 }: RealClientOptions): MercadoPagoApi {
  // One retry on 429/5xx inside the package, always with OUR idempotency key (the package makes up a
  // random one per call otherwise, and a retry would then create a second order).
  const config = new MercadoPagoConfig({ accessToken, options: { timeout: timeoutMs, maxRetries: 1 } });
  const orders = new Order(config);
  const users = new User(config);
  const preferences = new Preference(config);
  const payments = new Payment(config);

  const viaSdk = async <S extends TSchema>(schema: S, call: () => Promise<unknown>): Promise<Static<S>> => {
    let answer: unknown;
    try {
      answer = await call();
    } catch (err) {
      throw asFailure(err);
    }
    return checked(schema, answer);
  };

  const viaFetch = async <S extends TSchema>(
    schema: S,
    method: "GET" | "POST",
    path: string,
    body?: unknown,
  ): Promise<Static<S>> => {
    let response: Response;
    try {
      response = await fetch(`${MP_API_BASE}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${accessToken}`,
          "Content-Type": "application/json",
          ...(method === "POST" ? { "X-Idempotency-Key": crypto.randomUUID() } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new MercadoPagoError("unreachable", `No se pudo conectar con Mercado Pago (${describe(err)})`);
    }
    const answer: unknown = await response.json().catch(() => null);
    if (!response.ok) throw failureOf(response.status, answer);
    return checked(schema, answer);
  };

  const getOrder = async (orderId: string) =>
    orderView(await viaSdk(MpOrder, () => orders.get({ id: orderId })));

  return {
    async whoAmI() {
      const me = await viaSdk(MeSchema, () => users.get());
      return { userId: String(me.id), nickname: me.nickname ?? "", live: !me.test_user };
    },
    async createStore(userId, { name, externalId, location }) {
      const store = await viaFetch(MpStore, "POST", `/users/${encodeURIComponent(userId)}/stores`, {
        name,
        external_id: externalId,
        location,
      });
      return { id: String(store.id) };
    },
    async createPos({ name, storeId, externalStoreId, externalId }) {
      const pos = await viaFetch(MpPos, "POST", "/pos", {
        name,
        fixed_amount: true,
        store_id: storeId,
        external_store_id: externalStoreId,
        external_id: externalId,
      });
      return { id: String(pos.id), externalId: pos.external_id };
    },
    async listTerminals(storeId) {
      const list = await viaFetch(
        TerminalList,
        "GET",
        `/terminals/v1/list?store_id=${encodeURIComponent(storeId)}`,
      );
      return list.data.terminals.map((t): MpTerminal => ({
        id: t.id,
        posId: t.pos_id === undefined ? null : String(t.pos_id),
        storeId: t.store_id === undefined ? null : String(t.store_id),
        externalPosId: t.external_pos_id ?? null,
        operatingMode: t.operating_mode ?? "",
      }));
    },
    async createOrder(input, idempotencyKey) {
      const body = orderRequest(input);
      // The package's request type predates config.qr / config.point; the body goes out as JSON as is.
      const raw = await viaSdk(MpOrder, () =>
        orders.create({ body: body as never, requestOptions: { idempotencyKey } }),
      );
      return orderView(raw);
    },
    getOrder,
    async cancelOrder(orderId, idempotencyKey) {
      return orderView(
        await viaSdk(MpOrder, () => orders.cancel({ id: orderId, requestOptions: { idempotencyKey } })),
      );
    },
    async refundOrder(orderId, idempotencyKey, amount) {
      // A partial refund names the payment and the amount; no body refunds everything.
      const body =
        amount === undefined
          ? undefined
          : {
              transactions: [
                {
                  id: (await getOrder(orderId)).paymentId ?? "",
                  amount: toMpAmount(amount),
                },
              ],
            };
      return orderView(
        await viaSdk(MpOrder, () =>
          orders.refund({ id: orderId, ...(body ? { body } : {}), requestOptions: { idempotencyKey } }),
        ),
      );
    },
    async createPreference(input, idempotencyKey) {
      const pref = await viaSdk(MpPreference, () =>
        preferences.create({
          body: {
            items: [
              {
                id: input.externalReference,
                title: input.title,
                quantity: 1,
                unit_price: Number(toMpAmount(input.amount)),
                currency_id: "ARS",
              },
            ],
            external_reference: input.externalReference,
            ...(input.notificationUrl ? { notification_url: input.notificationUrl } : {}),
            ...(input.backUrl
              ? {
                  back_urls: { success: input.backUrl, pending: input.backUrl, failure: input.backUrl },
                  auto_return: "approved",
                }
              : {}),
            ...(input.expiresAt ? { expires: true, expiration_date_to: input.expiresAt.toISOString() } : {}),
          },
          requestOptions: { idempotencyKey },
        }),
      );
      return { id: pref.id, url: pref.init_point };
    },
    async getPayment(paymentId) {
      const payment = await viaSdk(MpPayment, () => payments.get({ id: paymentId }));
      return {
        id: String(payment.id),
        status: payment.status,
        // MP answers a decimal number here; round once to centavos.
        amount: Math.round(payment.transaction_amount * 100),
        externalReference: payment.external_reference,
      };
    },
  };
}

/** The JSON body of POST /v1/orders for a QR (dynamic) or Point order. */
export function orderRequest(input: CreateOrderInput): MpCreateOrderRequest {
  const amount = toMpAmount(input.amount);
  return {
    type: input.kind,
    external_reference: input.externalReference,
    total_amount: amount,
    ...(input.description ? { description: input.description } : {}),
    expiration_time: `PT${input.expiresInMinutes ?? 10}M`,
    transactions: { payments: [{ amount }] },
    config:
      input.kind === "qr"
        ? { qr: { external_pos_id: input.externalPosId, mode: "dynamic" } }
        : { point: { terminal_id: input.terminalId, print_on_terminal: "no_ticket" } },
  };
}

const MeSchema = Type.Object({
  id: Type.Union([Type.Number(), Type.String()]),
  nickname: Type.Optional(Type.String()),
  test_user: Type.Optional(Type.Boolean()),
});

const TerminalList = Type.Object({
  data: Type.Object({
    terminals: Type.Array(
      Type.Object({
        id: Type.String(),
        pos_id: Type.Optional(Type.Union([Type.Number(), Type.String()])),
        store_id: Type.Optional(Type.Union([Type.Number(), Type.String()])),
        external_pos_id: Type.Optional(Type.String()),
        operating_mode: Type.Optional(Type.String()),
      }),
    ),
  }),
});

export function checked<S extends TSchema>(schema: S, answer: unknown): Static<S> {
  if (Value.Check(schema, answer)) return answer;
  throw new MercadoPagoError("server", "Mercado Pago respondió algo que no se entiende");
}

/** The package's errors (MPNotFoundError, MPConnectionError, …) as the failure Mostrador acts on. */
export function asFailure(err: unknown): MercadoPagoError {
  if (err instanceof MercadoPagoError) return err;
  const e = err as { name?: string; status?: number; message?: string; cause?: unknown };
  if (e.name === "MPConnectionError" || e.status === undefined || e.status === 0)
    return new MercadoPagoError("unreachable", `No se pudo conectar con Mercado Pago (${describe(err)})`);
  return failureOf(e.status, { message: e.message });
}

function failureOf(status: number, body: unknown): MercadoPagoError {
  const said = mpMessage(body);
  if (status === 401 || status === 403)
    return new MercadoPagoError(
      "unauthorized",
      "Mercado Pago rechazó el token de acceso; revisalo en Ajustes",
      status,
    );
  if (status === 404)
    return new MercadoPagoError("not_found", "Mercado Pago no encuentra esa orden o pago", status);
  if (status >= 500)
    return new MercadoPagoError("server", "Mercado Pago no está respondiendo bien; probá de nuevo", status);
  return new MercadoPagoError("refused", `Mercado Pago rechazó el pedido${said ? `: ${said}` : ""}`, status);
}

function mpMessage(body: unknown): string {
  if (typeof body !== "object" || body === null) return "";
  const b = body as { message?: unknown; errors?: { message?: unknown }[] };
  const first = Array.isArray(b.errors) ? b.errors[0]?.message : undefined;
  return typeof first === "string" ? first : typeof b.message === "string" ? b.message : "";
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
