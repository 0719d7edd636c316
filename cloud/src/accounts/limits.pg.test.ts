import { CloudBalanceRowSchema, CloudBalancesAnswer } from "@mostrador/contracts/http/cloud-accounts";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { v7 as uuidv7 } from "uuid";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../auth/passwords.js";
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
/** A till's clock `s` seconds after `at` (appliance node). */
const tillClock = (s: number) => `${String(Date.parse(at) + s * 1000).padStart(15, "0")}-00000-abcd1234`;

type Shop = Awaited<ReturnType<typeof ownerWithStore>>;
type Till = Awaited<ReturnType<typeof enrolledAppliance>>;
type Row = { customerId: string; name: string | null; erased: boolean; mergedIds: string[] };

describe("the owner's Cuentas: customers by name, limits set in the dashboard", () => {
  let shop: Shop;
  let tillA: Till;
  let tillB: Till;
  const f = new OpFactory();
  const ana = uuidv7();

  const customerOp = (id: string, name: string, changes: Record<string, unknown> = {}) =>
    f.op("customer", id, "created", {
      id,
      name,
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
      fieldHlc: Object.fromEntries(
        [
          "name",
          "docType",
          "docNumber",
          "ivaCondition",
          "phone",
          "email",
          "birthday",
          "notes",
          "tags",
          "loyaltyCode",
        ].map((k) => [k, tillClock(0)]),
      ),
      ...changes,
    });
  const charge = (customerId: string, amount: number) => {
    const id = uuidv7();
    return f.op("account_entry", id, "created", {
      id,
      customerId,
      kind: "charge",
      amount,
      saleId: uuidv7(),
      returnId: null,
      method: null,
      cashSessionId: "cs-1",
      staffId: "s1",
      note: null,
      createdAt: at,
    });
  };
  const limitEntry = (customerId: string, amount: number) => {
    const id = uuidv7();
    return f.op("allowance_entry", id, "created", {
      id,
      customerId,
      kind: "credit",
      amount,
      reason: "limit",
      returnsGrant: null,
      createdAt: at,
    });
  };
  const board = async (): Promise<(Row & { creditLimit: number | null; balance: number })[]> => {
    const res = await t.cloud.app.inject({
      method: "GET",
      url: "/v1/dashboard/accounts",
      headers: bearer(shop.token),
    });
    expectAnswer(CloudBalancesAnswer, res, json(res));
    return json<{ customers: (Row & { creditLimit: number | null; balance: number })[] }>(res).customers;
  };
  const setLimit = (id: string, body: unknown, token = shop.token) =>
    t.cloud.app.inject({
      method: "PUT",
      url: `/v1/dashboard/accounts/${id}/credit-limit`,
      headers: bearer(token),
      payload: body as object,
    });
  const ask = (till: Till, customerId: string, amount: number) =>
    t.cloud.app
      .inject({
        method: "POST",
        url: "/v1/allowances",
        headers: bearer(till.token),
        payload: { customerId, kind: "credit", amount },
      })
      .then((r) => json<{ amount: number }>(r).amount);

  beforeAll(async () => {
    shop = await ownerWithStore(t.db.sql, t.cloud, "cuentas-nombres");
    const storeB = await createStore(t.db.sql, shop.tenantId, "Local B", t.cloud.clock);
    tillA = await enrolledAppliance(t.cloud, shop.token, shop.storeId, "Caja A");
    tillB = await enrolledAppliance(t.cloud, shop.token, storeB.id, "Caja B");
    // Ana was born at A, which set her limit at the till (it held all of it) and sold on account.
    const res = await ingest(t.cloud, tillA.token, [
      customerOp(ana, "Ana Pérez"),
      limitEntry(ana, 1_000_000),
      f.op("customer_credit_limit", ana, "updated", {
        customerId: ana,
        creditLimit: 1_000_000,
        setBy: "s1",
        setAt: at,
        hlc: tillClock(1),
      }),
      charge(ana, 300_000),
    ]);
    expect(res.statusCode).toBe(200);
  });

  it("names each customer from the cloud's customers; an erased one is anonymous, a merged one counts under its survivor", async () => {
    const survivor = uuidv7();
    const merged = uuidv7();
    const erased = uuidv7();
    const unknown = uuidv7();
    // The same DNI typed at two places: one person, the earliest id survives.
    const res = await ingest(t.cloud, tillA.token, [
      customerOp(survivor, "Bruno Díaz", { docType: "dni", docNumber: "30111222" }),
      customerOp(merged, "Bruno D.", { docType: "dni", docNumber: "30111222" }),
      customerOp(erased, "Carla Gómez"),
      charge(survivor, 10_000),
      charge(merged, 5_000),
      charge(erased, 7_000),
      charge(unknown, 1_000),
    ]);
    expect(res.statusCode).toBe(200);
    const erase = await t.cloud.app.inject({
      method: "POST",
      url: `/v1/customers/${erased}/erase`,
      headers: bearer(shop.token),
    });
    expect(erase.statusCode).toBe(200);

    const rows = await board();
    expect(rows.find((r) => r.customerId === ana)).toMatchObject({ name: "Ana Pérez", erased: false });
    expect(rows.find((r) => r.customerId === survivor)).toMatchObject({
      name: "Bruno Díaz",
      mergedIds: [merged],
      balance: 15_000,
    });
    expect(rows.find((r) => r.customerId === merged)).toBeUndefined();
    expect(rows.find((r) => r.customerId === erased)).toMatchObject({
      name: null,
      erased: true,
      balance: 7_000,
    });
    // A ledger whose customer has not reached the cloud yet: no name, not erased.
    expect(rows.find((r) => r.customerId === unknown)).toMatchObject({ name: null, erased: false });
  });

  it("the owner raises a limit: the cloud grants stores more; the row goes down every store's shape", async () => {
    // A holds the whole 1.000.000: nothing for B.
    expect(await ask(tillB, ana, 200_000)).toBe(0);
    const res = await setLimit(ana, { creditLimit: 1_500_000 });
    expect(res.statusCode).toBe(200);
    expectAnswer(CloudBalanceRowSchema, res, json(res));
    expect(json(res)).toMatchObject({ customerId: ana, name: "Ana Pérez", creditLimit: 1_500_000 });
    expect(await ask(tillB, ana, 800_000)).toBe(500_000);

    for (const till of [tillA, tillB]) {
      const shape = await t.cloud.app.inject({
        method: "GET",
        url: "/v1/shape?table=credit_limits&offset=-1",
        headers: bearer(till.token),
      });
      expect(shape.statusCode).toBe(200);
      const rows = (JSON.parse(shape.body) as { value?: Record<string, string | null> }[]).flatMap((m) =>
        m.value ? [m.value] : [],
      );
      expect(rows.find((r) => r.customer_id === ana)).toMatchObject({
        credit_limit: "1500000",
        set_by_store: null,
      });
      expect(rows.find((r) => r.customer_id === ana)?.hlc).toMatch(/-cloud$/);
    }
  });

  it("a lowered limit grants nothing more; every store keeps what it holds", async () => {
    const res = await setLimit(ana, { creditLimit: 400_000 });
    expect(json(res)).toMatchObject({
      creditLimit: 400_000,
      creditHeld: { [shop.storeId]: 1_000_000, [tillB.storeId]: 500_000 },
    });
    expect(await ask(tillB, ana, 1)).toBe(0);
    expect(await ask(tillA, ana, 1)).toBe(0);
  });

  it("merges a till's limit and the dashboard's by clock: the later write wins in any order", async () => {
    const dashboardBefore = (await board()).find((r) => r.customerId === ana)?.creditLimit;
    // An older till write (its clock before the dashboard's) arrives late: it changes nothing.
    await ingest(t.cloud, tillA.token, [
      f.op("customer_credit_limit", ana, "updated", {
        customerId: ana,
        creditLimit: 9_000_000,
        setBy: "s1",
        setAt: at,
        hlc: tillClock(0),
      }),
    ]);
    expect((await board()).find((r) => r.customerId === ana)?.creditLimit).toBe(dashboardBefore);
    // A till write with a later clock (made after it saw the dashboard's) wins.
    const later = `${String(Date.now() + 3_600_000).padStart(15, "0")}-00000-abcd1234`;
    await ingest(t.cloud, tillA.token, [
      f.op("customer_credit_limit", ana, "updated", {
        customerId: ana,
        creditLimit: 700_000,
        setBy: "s1",
        setAt: at,
        hlc: later,
      }),
    ]);
    expect((await board()).find((r) => r.customerId === ana)?.creditLimit).toBe(700_000);
    // The dashboard's next write orders after it, whatever the wall clock says.
    const res = await setLimit(ana, { creditLimit: 600_000 });
    expect(json(res)).toMatchObject({ creditLimit: 600_000 });
  });

  it("refuses a bad limit, an unknown or erased customer and a manager's account, changing nothing", async () => {
    const email = `encargado-${Date.now()}@example.com`;
    await t.db.sql.withTenant(shop.tenantId, async (q) =>
      q.query(
        `INSERT INTO accounts (id, tenant_id, email, password_hash, role, created_at) VALUES ($1, $2, $3, $4, 'manager', now())`,
        [crypto.randomUUID(), shop.tenantId, email, await hashPassword("clave-encargado")],
      ),
    );
    const login = await t.cloud.app.inject({
      method: "POST",
      url: "/v1/auth/login",
      payload: { email, password: "clave-encargado" },
    });
    const managerToken = json<{ token: string }>(login).token;
    const erased = (await board()).find((r) => r.erased)!.customerId;

    const before = await snapshot(t.db.owner);
    for (const body of [
      { creditLimit: -1 },
      { creditLimit: 1.5 },
      { creditLimit: "100" },
      {},
      { creditLimit: 1, x: 1 },
    ]) {
      const res = await setLimit(ana, body);
      expect(res.statusCode).toBe(400);
      expect(json(res)).toMatchObject({ error: { message: expect.any(String) } });
    }
    expect((await setLimit(ana, { creditLimit: 2_000_000_000_000 })).statusCode).toBe(400);
    const missing = await setLimit(uuidv7(), { creditLimit: 1 });
    expect(missing.statusCode).toBe(404);
    expect(json(missing)).toMatchObject({
      error: { code: "customer_not_found", message: "El cliente no existe" },
    });
    const gone = await setLimit(erased, { creditLimit: 1 });
    expect(gone.statusCode).toBe(409);
    expect(json(gone)).toMatchObject({ error: { code: "customer_erased" } });
    const manager = await setLimit(ana, { creditLimit: 1 }, managerToken);
    expect(manager.statusCode).toBe(403);
    expect(json(manager)).toMatchObject({ error: { code: "role_required" } });
    expect((await setLimit(ana, { creditLimit: 1 }, "nope")).statusCode).toBe(401);
    expect(await snapshot(t.db.owner)).toBe(before);
  });
});
