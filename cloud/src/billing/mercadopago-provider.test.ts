import type { MpAuthorizedPayment, MpPreapproval } from "@mostrador/contracts/mercadopago/wire";
import { describe, expect, it } from "vitest";
import { customerRefOf, referenceOf, subscriptionOf } from "./mercadopago-provider.js";

// How a preapproval and its cuotas, as Mercado Pago answers them, become the standing Stripe's states
// name: the same applySubscription and the same entitlements follow.
const SECRET = "secreto";
const TENANT = "0190a0a0-0000-7000-8000-000000000001";
const pre = (over: Partial<MpPreapproval> = {}): MpPreapproval => ({
  id: "2c938084",
  status: "authorized",
  reason: "Mostrador Profesional (mensual)",
  external_reference: referenceOf(TENANT, customerRefOf(SECRET, TENANT), "profesional", "month"),
  init_point: "https://www.mercadopago.com.ar/subscriptions/checkout?preapproval_id=2c938084",
  next_payment_date: "2026-06-01T12:00:00.000Z",
  auto_recurring: { frequency: 1, frequency_type: "months", transaction_amount: 35000, currency_id: "ARS" },
  ...over,
});
const cuota = (debit: string, status: string, payment?: string): MpAuthorizedPayment => ({
  id: debit,
  preapproval_id: "2c938084",
  status,
  debit_date: debit,
  transaction_amount: 35000,
  payment: payment ? { id: 1, status: payment } : null,
});
const paidApril = cuota("2026-04-01T12:00:00.000Z", "processed", "approved");

describe("a Mercado Pago subscription in billing's terms", () => {
  it("maps pending, authorized, paused and cancelled", () => {
    expect(subscriptionOf(pre({ status: "pending" }), [], SECRET).status).toBe("incomplete");
    expect(subscriptionOf(pre(), [paidApril], SECRET)).toMatchObject({
      status: "active",
      plan: "profesional",
      interval: "month",
      tenantId: TENANT,
      customerVerified: true,
      currentPeriodEnd: new Date("2026-06-01T12:00:00.000Z"),
    });
    expect(subscriptionOf(pre({ status: "paused" }), [paidApril], SECRET).status).toBe("paused");
    const failed = cuota("2026-05-01T12:00:00.000Z", "processed", "rejected");
    expect(subscriptionOf(pre({ status: "cancelled" }), [paidApril, failed], SECRET).status).toBe("canceled");
  });

  it("reads the latest attempted cuota: retrying is past_due, rejected after the retries is unpaid", () => {
    const may = "2026-05-01T12:00:00.000Z";
    expect(subscriptionOf(pre(), [paidApril, cuota(may, "recycling", "rejected")], SECRET).status).toBe(
      "past_due",
    );
    expect(subscriptionOf(pre(), [paidApril, cuota(may, "waiting for gateway")], SECRET).status).toBe(
      "past_due",
    );
    expect(subscriptionOf(pre(), [paidApril, cuota(may, "processed", "rejected")], SECRET).status).toBe(
      "unpaid",
    );
    // A cuota scheduled ahead has not been attempted: it does not decide.
    expect(subscriptionOf(pre(), [paidApril, cuota(may, "scheduled")], SECRET).status).toBe("active");
  });

  it("keeps the paid period of a subscription cancelled while paid up", () => {
    expect(
      subscriptionOf(pre({ status: "cancelled", next_payment_date: null }), [paidApril], SECRET),
    ).toMatchObject({
      status: "active",
      cancelAtPeriodEnd: true,
      currentPeriodEnd: new Date("2026-05-01T12:00:00.000Z"),
    });
  });

  it("names no plan for another frequency or currency than the reference's, and vouches only for its own references", () => {
    expect(
      subscriptionOf(pre({ auto_recurring: { ...pre().auto_recurring, frequency: 12 } }), [], SECRET).plan,
    ).toBeNull();
    expect(
      subscriptionOf(pre({ auto_recurring: { ...pre().auto_recurring, currency_id: "USD" } }), [], SECRET)
        .plan,
    ).toBeNull();
    const forged = pre({ external_reference: referenceOf(TENANT, "mpc_adivinado", "enterprise", "month") });
    expect(subscriptionOf(forged, [], SECRET).customerVerified).toBe(false);
    expect(subscriptionOf(pre({ external_reference: "otra-cosa" }), [], SECRET)).toMatchObject({
      tenantId: null,
      plan: null,
    });
  });

  it("states each cuota's price in centavos for the operator's MRR, and none in another currency", () => {
    expect(subscriptionOf(pre(), [paidApril], SECRET).price).toEqual({
      unitAmount: 3_500_000,
      currency: "ARS",
    });
    const cents = pre({ auto_recurring: { ...pre().auto_recurring, transaction_amount: 35000.5 } });
    expect(subscriptionOf(cents, [], SECRET).price?.unitAmount).toBe(3_500_050);
    const usd = pre({ auto_recurring: { ...pre().auto_recurring, currency_id: "USD" } });
    expect(subscriptionOf(usd, [], SECRET).price).toBeNull();
  });
});
