import {
  type MpAuthorizedPayment,
  MpAuthorizedPayment as MpAuthorizedPaymentSchema,
  MpAuthorizedPaymentSearch,
  type MpPreapproval,
  MpPreapproval as MpPreapprovalSchema,
  type MpPreapprovalRequest,
  type MpPreapprovalUpdate,
} from "@mostrador/contracts/mercadopago/wire";
import { Invoice, MercadoPagoConfig, PreApproval } from "mercadopago";
import { asFailure, checked } from "./real-client.js";

/**
 * Mercado Pago's subscriptions (`/preapproval`) and their charges (`/authorized_payments`) through the
 * official package's PreApproval and Invoice clients, answers checked against the wire schemas. The
 * cloud's billing charges Mostrador's plans in pesos with it, as the seller, with Mostrador's own token.
 * Tests point it at the fake (fake/redirect.ts) exactly as the till's client.
 */
export interface MercadoPagoSubscriptions {
  create(body: MpPreapprovalRequest, idempotencyKey: string): Promise<MpPreapproval>;
  get(id: string): Promise<MpPreapproval>;
  update(id: string, body: MpPreapprovalUpdate, idempotencyKey: string): Promise<MpPreapproval>;
  /** Every charge (cuota) of a subscription, as MP has them now. */
  charges(preapprovalId: string): Promise<MpAuthorizedPayment[]>;
  charge(id: string): Promise<MpAuthorizedPayment>;
}

export function mercadoPagoSubscriptions({
  accessToken,
  timeoutMs = 8_000,
}: {
  accessToken: string;
  timeoutMs?: number;
}): MercadoPagoSubscriptions {
  // A config per call: the package merges each call's requestOptions INTO the shared config, so an
  // idempotency key given to one write would stick to every later write on it (and MP would answer
  // them all with the first one's result).
  const config = () => new MercadoPagoConfig({ accessToken, options: { timeout: timeoutMs, maxRetries: 1 } });
  const call = async <T>(schema: Parameters<typeof checked>[0], run: () => Promise<unknown>): Promise<T> => {
    let answer: unknown;
    try {
      answer = await run();
    } catch (err) {
      throw asFailure(err);
    }
    return checked(schema, answer) as T;
  };
  return {
    create: (body, idempotencyKey) =>
      call(MpPreapprovalSchema, () =>
        new PreApproval(config()).create({ body, requestOptions: { idempotencyKey } }),
      ),
    get: (id) => call(MpPreapprovalSchema, () => new PreApproval(config()).get({ id })),
    update: (id, body, idempotencyKey) =>
      call(MpPreapprovalSchema, () =>
        new PreApproval(config()).update({ id, body, requestOptions: { idempotencyKey } }),
      ),
    async charges(preapprovalId) {
      const found = await call<{ results: MpAuthorizedPayment[] }>(MpAuthorizedPaymentSearch, () =>
        new Invoice(config()).search({ options: { preapproval_id: preapprovalId, limit: 100 } }),
      );
      return found.results;
    },
    charge: (id) => call(MpAuthorizedPaymentSchema, () => new Invoice(config()).get({ id })),
  };
}
