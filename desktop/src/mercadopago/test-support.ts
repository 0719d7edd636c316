import type { MpAccountAnswer } from "@mostrador/contracts/http/mercadopago";
import {
  type FakeMercadoPago,
  startFakeMercadoPago,
} from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { redirectMercadoPagoTo } from "@mostrador/platform/mercadopago/fake/redirect";
import type { TestApi } from "../api/test-api.js";

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
