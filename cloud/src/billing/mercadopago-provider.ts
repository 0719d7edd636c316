import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import {
  BILLING_INTERVALS,
  type BillingInterval,
  PLAN_IDS,
  PLAN_PRICES_ARS,
  type PlanId,
  type SubscriptionStatus,
} from "@mostrador/contracts/billing/plans";
import type { MpAuthorizedPayment, MpPreapproval } from "@mostrador/contracts/mercadopago/wire";
import { MercadoPagoError } from "@mostrador/platform/mercadopago/api";
import { webhookSignatureValid } from "@mostrador/platform/mercadopago/signature";
import {
  mercadoPagoSubscriptions,
  type MercadoPagoSubscriptions,
} from "@mostrador/platform/mercadopago/subscriptions-client";
import { CloudError } from "../core/errors.js";
import {
  BadWebhookSignature,
  type BillingProvider,
  type ProviderSubscription,
  UnknownSubscription,
} from "./provider.js";

export interface MercadoPagoBillingSettings {
  /** Mostrador's own Mercado Pago account (the seller of the plans): MOSTRADOR_MP_ACCESS_TOKEN. */
  accessToken: string;
  /** The application's webhook secret (Your integrations → Webhooks): MOSTRADOR_MP_WEBHOOK_SECRET. */
  webhookSecret: string;
}

const MONTHS: Record<BillingInterval, number> = { month: 1, year: 12 };
const PLAN_TITLES: Record<PlanId, string> = {
  basico: "Básico",
  profesional: "Profesional",
  enterprise: "Enterprise",
};

/**
 * What we write in the preapproval's external_reference and read back from MP's API (never from a
 * webhook): the tenant, its customer reference (kept in its billing row, so a preapproval rewritten to
 * name another tenant is not that tenant's), the plan and the interval. MP's preapproval has no metadata.
 */
export const referenceOf = (tenantId: string, customerId: string, plan: PlanId, interval: BillingInterval) =>
  `${tenantId}:${customerId}:${plan}:${interval}`;

function parseReference(ref: string | null | undefined) {
  const [tenantId, customerId, planText, intervalText, extra] = (ref ?? "").split(":");
  const plan = PLAN_IDS.find((p) => p === planText) ?? null;
  const interval = BILLING_INTERVALS.find((i) => i === intervalText) ?? null;
  if (!tenantId || !customerId || extra !== undefined) return null;
  return { tenantId, customerId, plan, interval };
}

/** Pesos as MP's preapproval wants them: a number (35000.5), from integer centavos. */
const pesos = (centavos: number) => centavos / 100;

const addMonths = (date: Date, months: number) => {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
};

/**
 * The standing of an authorized subscription, from its charges (cuotas) as MP has them: the latest one
 * attempted decides. Being retried (recycling, or a payment still in process) is past_due; ended
 * rejected after MP's retries is unpaid (MP keeps charging the next cuotas, and cancels after 3 such).
 */
function standingOfCharges(charges: MpAuthorizedPayment[]): SubscriptionStatus {
  const attempted = charges
    .filter((c) => c.status !== "scheduled" && c.status !== "cancelled")
    .sort((a, b) => Date.parse(a.debit_date) - Date.parse(b.debit_date));
  const last = attempted.at(-1);
  if (!last) return "active";
  if (last.status === "processed")
    return last.payment?.status === "approved" ? "active" : last.payment ? "unpaid" : "past_due";
  return "past_due";
}

/** Until when the subscription is paid: the latest approved cuota's date plus one period. */
function paidThrough(charges: MpAuthorizedPayment[], months: number): Date | null {
  const paid = charges
    .filter((c) => c.status === "processed" && c.payment?.status === "approved")
    .map((c) => Date.parse(c.debit_date));
  return paid.length ? addMonths(new Date(Math.max(...paid)), months) : null;
}

/**
 * The tenant's customer reference at Mercado Pago (whose preapproval has no customer): an HMAC of the
 * tenant under the webhook secret, so only Mostrador can write one that names a tenant, and it can be
 * checked without the tenant's row.
 */
export function customerRefOf(secret: string, tenantId: string): string {
  return `mpc_${createHmac("sha256", secret).update(`customer:${tenantId}`).digest("hex").slice(0, 24)}`;
}

function vouched(secret: string, tenantId: string, customerId: string): boolean {
  const expected = Buffer.from(customerRefOf(secret, tenantId));
  const given = Buffer.from(customerId);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function subscriptionOf(
  pre: MpPreapproval,
  charges: MpAuthorizedPayment[],
  secret: string,
): ProviderSubscription {
  const ref = parseReference(pre.external_reference);
  const interval =
    ref?.interval &&
    pre.auto_recurring.frequency_type === "months" &&
    pre.auto_recurring.frequency === MONTHS[ref.interval] &&
    pre.auto_recurring.currency_id === "ARS"
      ? ref.interval
      : null;
  const months = interval ? MONTHS[interval] : 1;
  const through = paidThrough(charges, months);
  const next = pre.next_payment_date ? new Date(pre.next_payment_date) : null;
  let status: SubscriptionStatus;
  let cancelAtPeriodEnd = false;
  let currentPeriodEnd = next ?? through;
  if (pre.status === "pending") status = "incomplete";
  else if (pre.status === "paused") status = "paused";
  else if (pre.status === "authorized") status = standingOfCharges(charges);
  else if (through && standingOfCharges(charges) === "active") {
    // MP cancels at once; the period already paid is kept (billing ends it at currentPeriodEnd).
    status = "active";
    cancelAtPeriodEnd = true;
    currentPeriodEnd = through;
  } else status = "canceled";
  return {
    id: pre.id,
    customerId: ref?.customerId ?? "",
    status,
    plan: interval ? (ref?.plan ?? null) : null,
    interval,
    cancelAtPeriodEnd,
    currentPeriodEnd,
    tenantId: ref?.tenantId ?? null,
    customerVerified: Boolean(ref && vouched(secret, ref.tenantId, ref.customerId)),
    // What each cuota charges, for the operator's MRR: MP speaks pesos with decimals, we keep centavos.
    price:
      pre.auto_recurring.currency_id === "ARS"
        ? { unitAmount: Math.round(pre.auto_recurring.transaction_amount * 100), currency: "ARS" }
        : null,
  };
}

/** The billing provider over Mercado Pago's subscriptions without a plan (preapproval), in pesos. */
export function mercadoPagoBillingProvider(
  settings: MercadoPagoBillingSettings,
  api: MercadoPagoSubscriptions = mercadoPagoSubscriptions({ accessToken: settings.accessToken }),
): BillingProvider {
  const known = async <T>(read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (err) {
      if (err instanceof MercadoPagoError && (err.failure === "not_found" || err.status === 403))
        throw new UnknownSubscription(err.message);
      throw err;
    }
  };
  const reasonOf = (plan: PlanId, interval: BillingInterval) =>
    `Mostrador ${PLAN_TITLES[plan]} (${interval === "month" ? "mensual" : "anual"})`;

  return {
    name: "mercadopago",
    // A preapproval without a plan has no customer at MP: the reference is ours, kept in the tenant's row.
    createCustomer: async ({ tenantId }) => customerRefOf(settings.webhookSecret, tenantId),
    async createCheckout({ tenantId, customerId, plan, interval, email, successUrl }) {
      const pre = await api.create(
        {
          reason: reasonOf(plan, interval),
          external_reference: referenceOf(tenantId, customerId, plan, interval),
          payer_email: email,
          back_url: successUrl,
          auto_recurring: {
            frequency: MONTHS[interval],
            frequency_type: "months",
            transaction_amount: pesos(PLAN_PRICES_ARS[plan][interval]),
            currency_id: "ARS",
          },
          status: "pending",
        },
        `preapproval-${tenantId}-${randomUUID()}`,
      );
      return { url: pre.init_point };
    },
    createPortal() {
      // MP offers sellers no portal to hand a payer; the dashboard changes the plan and cancels itself.
      return Promise.reject(
        new CloudError(
          "conflict",
          "manage_in_dashboard",
          "Tu suscripción de Mercado Pago se cambia o se cancela desde esta pantalla",
        ),
      );
    },
    async getSubscription(id) {
      const pre = await known(() => api.get(id));
      return subscriptionOf(pre, await api.charges(id), settings.webhookSecret);
    },
    readWebhook(rawBody, signature, _now, context) {
      let body: { id?: unknown; type?: unknown; topic?: unknown; data?: { id?: unknown } } = {};
      try {
        const parsed: unknown = JSON.parse(rawBody);
        if (parsed && typeof parsed === "object") body = parsed as typeof body;
      } catch {
        // MP's notification names what it is about in the query too; a body we cannot read changes nothing.
      }
      const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : undefined);
      const dataId = context?.query["data.id"] ?? text(body.data?.id);
      // The signature covers data.id and x-request-id (not the body): a filter before anything is read.
      if (!webhookSignatureValid(settings.webhookSecret, signature, dataId, context?.requestId))
        throw new BadWebhookSignature("x-signature no coincide");
      const type = context?.query.type ?? context?.query.topic ?? text(body.type) ?? text(body.topic) ?? "";
      return {
        eventId: text(body.id) ?? `${type}:${dataId ?? ""}:${context?.requestId ?? ""}`,
        type,
        subscriptionId: type === "subscription_preapproval" ? (dataId ?? null) : null,
        customerId: null,
        chargeId: type === "subscription_authorized_payment" ? (dataId ?? null) : null,
      };
    },
    async subscriptionOfCharge(chargeId) {
      return (await known(() => api.charge(chargeId))).preapproval_id;
    },
    async changePlan(id, plan, interval) {
      const pre = await known(() => api.get(id));
      const ref = parseReference(pre.external_reference);
      if (!ref) throw new UnknownSubscription(`preapproval ${id} is not Mostrador's`);
      await api.update(
        id,
        {
          reason: reasonOf(plan, interval),
          external_reference: referenceOf(ref.tenantId, ref.customerId, plan, interval),
          auto_recurring: { transaction_amount: pesos(PLAN_PRICES_ARS[plan][interval]), currency_id: "ARS" },
        },
        `plan-${id}-${randomUUID()}`,
      );
    },
    async cancelAtPeriodEnd(id) {
      await api.update(id, { status: "cancelled" }, `cancel-${id}-${randomUUID()}`);
    },
    // Closing the account (cloud/src/tenant-data): MP's cancelling is immediate anyway, and final.
    async cancelSubscription(id) {
      await api.update(id, { status: "cancelled" }, `close-${id}-${randomUUID()}`);
    },
  };
}
