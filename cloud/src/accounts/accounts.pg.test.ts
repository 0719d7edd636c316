import { AllowanceGrantAnswer, CloudBalancesAnswer } from "@mostrador/contracts/http/cloud-accounts";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { v7 as uuidv7 } from "uuid";
import { beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import { createStore } from "../tenancy/stores.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  ownerWithStore,
  snapshot,
  useTestCloud,
} from "../test-support/test-cloud.js";

const t = useTestCloud();
const at = "2026-03-02T12:00:00.000Z";
const customerId = uuidv7();

type Shop = Awaited<ReturnType<typeof ownerWithStore>>;
type Till = Awaited<ReturnType<typeof enrolledAppliance>>;

const ask = (token: string, body: unknown) =>
  t.cloud.app.inject({
    method: "POST",
    url: "/v1/allowances",
    headers: bearer(token),
    payload: body as object,
  });

describe("accounts and allowances in the cloud", () => {
  let shop: Shop;
  let tillA: Till;
  let tillB: Till;
  const a = new OpFactory();
  beforeAll(async () => {
    shop = await ownerWithStore(t.db.sql, t.cloud, "cuentas");
    const storeB = await createStore(t.db.sql, shop.tenantId, "Local B", t.cloud.clock);
    tillA = await enrolledAppliance(t.cloud, shop.token, shop.storeId, "Caja A");
    tillB = await enrolledAppliance(t.cloud, shop.token, storeB.id, "Caja B");
    // Store A, where the customer was born, set her limit (it holds the whole of it) and sold on account.
    const limitEntry = uuidv7();
    const charge = uuidv7();
    const res = await ingest(t.cloud, tillA.token, [
      a.op("allowance_entry", limitEntry, "created", {
        id: limitEntry,
        customerId,
        kind: "credit",
        amount: 1_000_000,
        reason: "limit",
        returnsGrant: null,
        createdAt: at,
      }),
      a.op("customer_credit_limit", customerId, "updated", {
        customerId,
        creditLimit: 1_000_000,
        setBy: "s1",
        setAt: at,
      }),
      a.op("account_entry", charge, "created", {
        id: charge,
        customerId,
        kind: "charge",
        amount: 300_000,
        saleId: "sale-1",
        returnId: null,
        method: null,
        cashSessionId: "cs-1",
        staffId: "s1",
        note: null,
        createdAt: at,
      }),
    ]);
    expect(res.statusCode).toBe(200);
  });

  it("grants another store only what no store holds; what a store hands back can be granted again", async () => {
    const first = await ask(tillB.token, { customerId, kind: "credit", amount: 500_000 });
    expect(json(first)).toMatchObject({ grantId: null, amount: 0, unallocated: 0 });
    expectAnswer(AllowanceGrantAnswer, first, json(first));

    // A hands back the 700.000 it could still lend (its daily job, for a customer it no longer sees).
    const back = uuidv7();
    await ingest(t.cloud, tillA.token, [
      a.op("allowance_entry", back, "created", {
        id: back,
        customerId,
        kind: "credit",
        amount: -700_000,
        reason: "return",
        returnsGrant: null,
        createdAt: at,
      }),
    ]);
    // B asks twice at the same moment: served one after the other, never more than was handed back.
    const [x, y] = await Promise.all([
      ask(tillB.token, { customerId, kind: "credit", amount: 500_000 }),
      ask(tillB.token, { customerId, kind: "credit", amount: 500_000 }),
    ]);
    expect([json<{ amount: number }>(x).amount, json<{ amount: number }>(y).amount].sort()).toEqual([
      200_000, 500_000,
    ]);
    expect(json(await ask(tillB.token, { customerId, kind: "credit", amount: 1 }))).toMatchObject({
      amount: 0,
    });

    // The grants go down as store B's shape, never to A.
    const shapeOf = (token: string) =>
      t.cloud.app.inject({
        method: "GET",
        url: "/v1/shape?table=allowance_grants&offset=-1",
        headers: bearer(token),
      });
    const rowsOf = (res: Awaited<ReturnType<typeof shapeOf>>) =>
      (JSON.parse(res.body) as { value?: { amount: string; store_id: string } }[]).flatMap((m) =>
        m.value ? [m.value] : [],
      );
    const forB = rowsOf(await shapeOf(tillB.token));
    expect(forB.map((r) => Number(r.amount)).sort()).toEqual([200_000, 500_000]);
    expect(rowsOf(await shapeOf(tillA.token))).toEqual([]);

    const balances = await t.cloud.app.inject({
      method: "GET",
      url: "/v1/dashboard/accounts",
      headers: bearer(shop.token),
    });
    expectAnswer(CloudBalancesAnswer, balances, json(balances));
    expect(json(balances)).toMatchObject({
      customers: [
        {
          customerId,
          name: null, // her record has not reached the cloud yet
          creditLimit: 1_000_000,
          balance: 300_000,
          creditHeld: { [shop.storeId]: 300_000, [tillB.storeId]: 700_000 },
        },
      ],
    });
  });

  it("names the customer on the owner's Cuentas once her record has arrived", async () => {
    const customer = a.op("customer", customerId, "created", {
      id: customerId,
      name: "Ana Pérez",
      docType: null,
      docNumber: null,
      ivaCondition: "consumidor_final",
      phone: null,
      email: null,
      birthday: null,
      notes: null,
      tags: [],
      loyaltyCode: null,
      bornAt: shop.storeId,
      mergedInto: null,
      erasedAt: null,
      at,
    });
    expect((await ingest(t.cloud, tillA.token, [customer])).statusCode).toBe(200);
    const balances = await t.cloud.app.inject({
      method: "GET",
      url: "/v1/dashboard/accounts",
      headers: bearer(shop.token),
    });
    expectAnswer(CloudBalancesAnswer, balances, json(balances));
    expect(json(balances)).toMatchObject({
      customers: [{ customerId, name: "Ana Pérez", balance: 300_000 }],
    });
  });

  it("refuses a bad request for an allowance, changing nothing", async () => {
    const before = await snapshot(t.db.owner);
    expect((await ask(tillB.token, { customerId, kind: "credit", amount: 0 })).statusCode).toBe(400);
    expect((await ask(tillB.token, { customerId, kind: "cash", amount: 10 })).statusCode).toBe(400);
    expect(
      (
        await t.cloud.app.inject({
          method: "POST",
          url: "/v1/allowances",
          payload: { customerId, kind: "credit", amount: 1 },
        })
      ).statusCode,
    ).toBe(401);
    expect(await snapshot(t.db.owner)).toBe(before);
  });
});
