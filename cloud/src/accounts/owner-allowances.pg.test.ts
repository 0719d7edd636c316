import { CustomerHoldingsAnswer } from "@mostrador/contracts/http/cloud-accounts";
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
interface Holdings {
  unallocated: number;
  stores: { storeId: string; storeName: string; held: number; recallPending: number }[];
}

describe("the owner grants and recalls a customer's credit from the dashboard", () => {
  let shop: Shop;
  let tillA: Till;
  let tillB: Till;
  const a = new OpFactory();
  beforeAll(async () => {
    shop = await ownerWithStore(t.db.sql, t.cloud, "cupos");
    const storeB = await createStore(t.db.sql, shop.tenantId, "Local B", t.cloud.clock);
    tillA = await enrolledAppliance(t.cloud, shop.token, shop.storeId, "Caja A");
    tillB = await enrolledAppliance(t.cloud, shop.token, storeB.id, "Caja B");
    // Born at store A, which holds her whole limit (1.000.000) and has lent her 300.000.
    const limitEntry = uuidv7();
    const charge = uuidv7();
    const res = await ingest(t.cloud, tillA.token, [
      a.op("customer", customerId, "created", {
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
      }),
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

  const holdings = (token = shop.token, id = customerId) =>
    t.cloud.app.inject({
      method: "GET",
      url: `/v1/dashboard/accounts/${id}/holdings`,
      headers: bearer(token),
    });
  const move = (what: "grants" | "recalls", body: unknown, token = shop.token, id = customerId) =>
    t.cloud.app.inject({
      method: "POST",
      url: `/v1/dashboard/accounts/${id}/${what}`,
      headers: bearer(token),
      payload: body as object,
    });
  const credit = (res: Awaited<ReturnType<typeof holdings>>) => json<{ credit: Holdings }>(res).credit;
  const heldBy = (h: Holdings) =>
    Object.fromEntries(h.stores.map((s) => [s.storeId, [s.held, s.recallPending]]));
  const shapeOf = async (table: string, token: string) =>
    (
      JSON.parse(
        (
          await t.cloud.app.inject({
            method: "GET",
            url: `/v1/shape?table=${table}&offset=-1`,
            headers: bearer(token),
          })
        ).body,
      ) as { value?: Record<string, string> }[]
    ).flatMap((m) => (m.value ? [m.value] : []));

  it("shows who holds what: every store, and what no store holds", async () => {
    const res = await holdings();
    expect(res.statusCode).toBe(200);
    expectAnswer(CustomerHoldingsAnswer, res, json(res));
    expect(json(res)).toMatchObject({
      customerId,
      creditLimit: 1_000_000,
      credit: {
        unallocated: 0,
        stores: [
          { storeId: shop.storeId, storeName: "Local cupos", held: 1_000_000, recallPending: 0 },
          { storeId: tillB.storeId, storeName: "Local B", held: 0, recallPending: 0 },
        ],
      },
      points: { unallocated: 0 },
    });
  });

  it("grants a store only out of what no store holds; more is refused and changes nothing", async () => {
    const before = await snapshot(t.db.owner);
    const refused = await move("grants", { storeId: tillB.storeId, kind: "credit", amount: 1 });
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({
      error: { code: "not_enough_unallocated", message: expect.stringContaining("Sin asignar hay $") },
    });
    expect(await snapshot(t.db.owner)).toBe(before);

    // The owner raises the limit: 500.000 is now nobody's, and she gives B 400.000 of it.
    const raised = await t.cloud.app.inject({
      method: "PUT",
      url: `/v1/dashboard/accounts/${customerId}/credit-limit`,
      headers: bearer(shop.token),
      payload: { creditLimit: 1_500_000 },
    });
    expect(raised.statusCode).toBe(200);
    const granted = await move("grants", { storeId: tillB.storeId, kind: "credit", amount: 400_000 });
    expect(granted.statusCode).toBe(200);
    expectAnswer(CustomerHoldingsAnswer, granted, json(granted));
    expect(credit(granted).unallocated).toBe(100_000);
    expect(heldBy(credit(granted))).toEqual({
      [shop.storeId]: [1_000_000, 0],
      [tillB.storeId]: [400_000, 0],
    });
    // It goes down store B's shape as any grant, never to A.
    expect((await shapeOf("allowance_grants", tillB.token)).map((g) => Number(g.amount))).toEqual([400_000]);
    expect(await shapeOf("allowance_grants", tillA.token)).toEqual([]);
  });

  it("recalls part of what a store holds: the store keeps it until it answers with what it has not spent", async () => {
    const recalled = await move("recalls", { storeId: shop.storeId, kind: "credit", amount: 800_000 });
    expect(recalled.statusCode).toBe(200);
    // Nothing comes back on the cloud's own clock: A may be lending it offline right now.
    expect(credit(recalled).unallocated).toBe(100_000);
    expect(heldBy(credit(recalled))[shop.storeId]).toEqual([1_000_000, 800_000]);
    const [recall] = await shapeOf("allowance_recalls", tillA.token);
    expect(recall).toMatchObject({ customer_id: customerId, kind: "credit", amount: "800000" });
    expect(await shapeOf("allowance_recalls", tillB.token)).toEqual([]);

    // More than A holds beyond what it was already asked for: refused, nothing changes.
    const before = await snapshot(t.db.owner);
    const tooMuch = await move("recalls", { storeId: shop.storeId, kind: "credit", amount: 200_001 });
    expect(tooMuch.statusCode).toBe(409);
    expect(json(tooMuch)).toMatchObject({ error: { code: "recall_more_than_held" } });
    const fromB = await move("recalls", { storeId: tillB.storeId, kind: "credit", amount: 400_001 });
    expect(json(fromB)).toMatchObject({ error: { code: "recall_more_than_held" } });
    const noPoints = await move("recalls", { storeId: shop.storeId, kind: "points", amount: 1 });
    expect(json(noPoints)).toMatchObject({ error: { code: "recall_more_than_held" } });
    expect(await snapshot(t.db.owner)).toBe(before);

    // A had lent 300.000: it answers with the 700.000 it had not, naming the recall.
    const back = uuidv7();
    const answered = await ingest(t.cloud, tillA.token, [
      a.op("allowance_entry", back, "created", {
        id: back,
        customerId,
        kind: "credit",
        amount: -700_000,
        reason: "return",
        returnsGrant: null,
        createdAt: at,
        answersRecall: recall!.id,
      }),
    ]);
    expect(answered.statusCode).toBe(200);
    const after = credit(await holdings());
    expect(after.unallocated).toBe(800_000);
    expect(heldBy(after)[shop.storeId]).toEqual([300_000, 0]);
    // And the owner can give it to B.
    const toB = await move("grants", { storeId: tillB.storeId, kind: "credit", amount: 800_000 });
    expect(credit(toB).unallocated).toBe(0);
  });

  it("refuses bad amounts, unknown or foreign customers and stores, changing nothing", async () => {
    const other = await ownerWithStore(t.db.sql, t.cloud, "otra");
    const before = await snapshot(t.db.owner);
    for (const what of ["grants", "recalls"] as const) {
      for (const body of [
        { storeId: tillB.storeId, kind: "credit", amount: 0 },
        { storeId: tillB.storeId, kind: "credit", amount: -5 },
        { storeId: tillB.storeId, kind: "credit", amount: 1.5 },
        { storeId: tillB.storeId, kind: "cash", amount: 1 },
        { storeId: "no-es-un-local", kind: "credit", amount: 1 },
        { storeId: tillB.storeId, kind: "credit", amount: 1, extra: true },
        { kind: "credit", amount: 1 },
      ]) {
        const res = await move(what, body);
        expect(res.statusCode).toBe(400);
        expect(json(res)).toMatchObject({ error: { message: expect.any(String) } });
      }
      const unknownStore = await move(what, { storeId: uuidv7(), kind: "credit", amount: 1 });
      expect(json(unknownStore)).toMatchObject({
        error: { code: "store_not_found", message: "El local no existe" },
      });
      const foreignStore = await move(what, { storeId: other.storeId, kind: "credit", amount: 1 });
      expect(foreignStore.statusCode).toBe(404);
      const unknown = await move(
        what,
        { storeId: tillB.storeId, kind: "credit", amount: 1 },
        shop.token,
        uuidv7(),
      );
      expect(json(unknown)).toMatchObject({ error: { code: "customer_not_found" } });
      // Another tenant's owner does not see this customer at all.
      const foreign = await move(what, { storeId: other.storeId, kind: "credit", amount: 1 }, other.token);
      expect(foreign.statusCode).toBe(404);
      expect(json(foreign)).toMatchObject({ error: { code: "customer_not_found" } });
      expect(
        (await move(what, { storeId: tillB.storeId, kind: "credit", amount: 1 }, "nope")).statusCode,
      ).toBe(401);
    }
    expect((await holdings(other.token)).statusCode).toBe(404);
    expect(await snapshot(t.db.owner)).toBe(before);
  });
});
