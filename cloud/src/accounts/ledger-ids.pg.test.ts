import { v7 as uuidv7 } from "uuid";
import { beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import { createStore } from "../tenancy/stores.js";
import { enrolledAppliance, ingest, json, ownerWithStore, useTestCloud } from "../test-support/test-cloud.js";

const t = useTestCloud();
const at = "2026-03-02T12:00:00.000Z";
const customerId = uuidv7();

type Rejection = { rejected: { id: string; reason: string }[] };

const accountEntry = (id: string) => ({
  id,
  customerId,
  kind: "charge",
  amount: 10_000,
  saleId: null,
  returnId: null,
  method: null,
  cashSessionId: null,
  staffId: null,
  note: null,
  createdAt: at,
});
const loyaltyEntry = (id: string) => ({
  id,
  customerId,
  kind: "earn",
  points: 100,
  amount: null,
  saleId: null,
  returnId: null,
  expiresAt: null,
  ref: null,
  staffId: null,
  note: null,
  createdAt: at,
});
const allowanceEntry = (id: string) => ({
  id,
  customerId,
  kind: "credit",
  amount: 50_000,
  reason: "limit",
  returnsGrant: null,
  createdAt: at,
});

// The store check (`owns`) reads the op's entityId; the projections write the payload's id. An op
// whose two ids disagree could name a new row to the check and another store's row to the projection.
describe("the customer ledgers' ops must name one entry", () => {
  const payloads = {
    account_entry: accountEntry,
    loyalty_entry: loyaltyEntry,
    allowance_entry: allowanceEntry,
  };
  let tillA: Awaited<ReturnType<typeof enrolledAppliance>>;
  let tillB: Awaited<ReturnType<typeof enrolledAppliance>>;
  const ofA: Record<string, string> = {};
  const a = new OpFactory();
  const b = new OpFactory();

  beforeAll(async () => {
    const shop = await ownerWithStore(t.db.sql, t.cloud, "ledger-ids");
    const storeB = await createStore(t.db.sql, shop.tenantId, "Local B", t.cloud.clock);
    tillA = await enrolledAppliance(t.cloud, shop.token, shop.storeId, "Caja A");
    tillB = await enrolledAppliance(t.cloud, shop.token, storeB.id, "Caja B");
    const ops = Object.entries(payloads).map(([entity, payload]) => {
      ofA[entity] = uuidv7();
      return a.rawOp(entity, ofA[entity]!, "created", payload(ofA[entity]!));
    });
    expect((await ingest(t.cloud, tillA.token, ops)).statusCode).toBe(200);
  });

  it("refuses an entry whose payload names another id than its op, changing nothing", async () => {
    const ledgers = async () =>
      JSON.stringify(
        await t.db.owner.query(
          `SELECT (SELECT json_agg(a ORDER BY id) FROM account_entries a) AS accounts,
                  (SELECT json_agg(l ORDER BY id) FROM loyalty_entries l) AS points,
                  (SELECT json_agg(w ORDER BY id) FROM allowance_entries w) AS allowances`,
        ),
      );
    const before = await ledgers();
    const forged = Object.entries(payloads).map(([entity, payload]) =>
      b.rawOp(entity, uuidv7(), "created", payload(ofA[entity]!)),
    );
    const res = await ingest(t.cloud, tillB.token, forged);
    expect(res.statusCode).toBe(422);
    expect(json<Rejection>(res).rejected.map((r) => r.reason)).toEqual([
      "El id del contenido no coincide con el de la operación",
      "El id del contenido no coincide con el de la operación",
      "El id del contenido no coincide con el de la operación",
    ]);
    // The appliance's last_seen_at moves (it called in); no ledger row does.
    expect(await ledgers()).toBe(before);
  });
});
