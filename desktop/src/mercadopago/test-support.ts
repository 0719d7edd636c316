import type { Charge, MpAccountAnswer } from "@mostrador/contracts/http/mercadopago";
import {
  type FakeMercadoPago,
  startFakeMercadoPago,
} from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { redirectMercadoPagoTo } from "@mostrador/platform/mercadopago/fake/redirect";
import { expect } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { seedSaleFixture } from "../pos/test-fixtures.js";

/** A store's address as Ajustes sends it (MP requires the real location of the store). */
export const TEST_LOCATION = {
  streetName: "Av. Corrientes",
  streetNumber: "1234",
  cityName: "CABA",
  stateName: "Capital Federal",
  latitude: -34.6037,
  longitude: -58.3816,
};

/** The local fake Mercado Pago, with the real client redirected to it for the test's duration. */
export async function fakeMercadoPagoForTest(): Promise<{
  fake: FakeMercadoPago;
  close(): Promise<void>;
  offline(): void;
  online(): void;
}> {
  const fake = await startFakeMercadoPago();
  let undo = redirectMercadoPagoTo(fake.url);
  return {
    fake,
    // No internet: nothing answers where MP would.
    offline() {
      undo();
      undo = redirectMercadoPagoTo("http://127.0.0.1:9");
    },
    online() {
      undo();
      undo = redirectMercadoPagoTo(fake.url);
    },
    async close() {
      undo();
      await fake.close();
    },
  };
}

/** Connects the test appliance's MP account as the owner would from Ajustes. */
export async function connectForTest(
  t: TestApi,
  fake: FakeMercadoPago,
  ownerToken: string,
): Promise<MpAccountAnswer> {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/mercadopago/account",
    headers: { authorization: `Bearer ${ownerToken}` },
    payload: {
      accessToken: fake.accessToken,
      webhookSecret: "secretodelwebhook123",
      location: TEST_LOCATION,
    },
  });
  if (res.statusCode !== 200) throw new Error(`connect failed: ${res.body}`);
  return res.json();
}

/**
 * A till with its cash session open (seedSaleFixture) and the fake MP connected, with what the tests of a
 * charge's use (a card top-up, an account payment) share: calls as the cashier, a charge made and
 * confirmed for a reference, and a refusal checked to have changed nothing (the counts of `counted`
 * tables and every charge's claims). close() in afterEach.
 */
export async function openChargeTill(counted: readonly string[]) {
  const t = await openTestApi();
  const f = seedSaleFixture(t.core, t.terminal);
  const cashier = t.tokenFor("cashier");
  // The fixture opened the till's cash session.
  const sessionId = (
    t.core.db
      .prepare("SELECT id FROM cash_sessions WHERE terminal_id = ? AND status = 'open'")
      .get(t.terminal.id) as { id: string }
  ).id;
  const mp = await fakeMercadoPagoForTest();
  await connectForTest(t, mp.fake, t.tokenFor("owner"));

  const call = (method: "GET" | "POST", url: string, payload?: object) =>
    t.app.inject({ method, url: `/api${url}`, headers: bearer(cashier), ...(payload ? { payload } : {}) });
  /** The till's MP charge for a sale, top-up or payment whose id is `saleRef`, confirmed unless `paid` is false. */
  const chargeFor = async (saleRef: string, amount: number, paid = true): Promise<Charge> => {
    const res = await call("POST", "/mercadopago/charges", { saleRef, amount, kind: "qr" });
    expect(res.statusCode, res.body).toBe(200);
    const charge = res.json() as Charge;
    if (paid) {
      await mp.fake.moveOrder(charge.orderId!, "processed");
      expect(((await call("GET", `/mercadopago/charges/${charge.id}`)).json() as Charge).status).toBe(
        "processed",
      );
    }
    return charge;
  };
  const snapshot = () => ({
    tables: counted.map(
      (table) => (t.core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
    ),
    charges: t.core.db
      .prepare("SELECT id, sale_id, card_entry_id, account_entry_id, updated_at FROM mercadopago_charges")
      .all(),
  });
  /** A refusal with a Spanish sentence that changed nothing. */
  const expectRefused = async (send: () => ReturnType<typeof call>, status: number, code: string) => {
    const before = snapshot();
    const res = await send();
    expect(res.statusCode, res.body).toBe(status);
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/Mercado Pago/);
    expect(snapshot()).toEqual(before);
  };
  return {
    t,
    f,
    fake: mp.fake,
    cashier,
    sessionId,
    call,
    chargeFor,
    expectRefused,
    async close() {
      await mp.close();
      await t.close();
    },
  };
}

export type ChargeTill = Awaited<ReturnType<typeof openChargeTill>>;
