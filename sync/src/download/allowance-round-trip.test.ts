import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock as CloudClock } from "@mostrador/cloud/core/clock";
import { buildCloudServer, type CloudServer } from "@mostrador/cloud/server";
import { ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { createTestDatabase, type TestDatabase } from "@mostrador/cloud/test-support/test-database";
import { accountsModule } from "@mostrador/desktop/accounts/module";
import { accountSummary } from "@mostrador/desktop/accounts/summary";
import { allowanceHeld, handBack } from "@mostrador/desktop/accounts/allowance";
import { setCreditLimit } from "@mostrador/desktop/accounts/limits";
import { openTestCore, refusal, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { commitSale } from "@mostrador/desktop/pos/sale";
import { type SaleFixture, seedSaleFixture } from "@mostrador/desktop/pos/test-fixtures";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { UploadDrainer } from "../upload/drainer.js";
import { enrollAppliance } from "../upload/enroll.js";
import { askCloudForAllowance } from "./allowance-request.js";
import { startDownload } from "./download.js";

// Test-only reach into cloud/: the appliance code under test talks to it over HTTP only.
let db: TestDatabase;
let app: CloudServer;
let url: string;
let owner: Awaited<ReturnType<typeof ownerWithStore>>;
let storeB: string;
// The same moment as the appliances' test clocks: a grant expires 30 days after the cloud made it.
const cloudClock = new CloudClock("2026-11-21T13:00:00.000Z");

const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${owner.token}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (await res.json()) as T;
};

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.CLOUD_SHAPE_LIVE_TIMEOUT_MS = "2000";
  process.env.CLOUD_SHAPE_POLL_MS = "50";
  app = await buildCloudServer(db.sql, { clock: cloudClock });
  delete process.env.CLOUD_SHAPE_LIVE_TIMEOUT_MS;
  delete process.env.CLOUD_SHAPE_POLL_MS;
  url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
  owner = await ownerWithStore(db.sql, { app, clock: cloudClock, close: () => app.close() }, "cuentas");
  storeB = (await call<{ id: string }>("POST", "/v1/stores", { name: "Local B" })).id;
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

const waitFor = async (check: () => boolean, ms = 8_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timeout esperando la condición");
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** An appliance enrolled at `storeId`, with a till and the customer (born at store A). */
async function store(
  storeId: string,
  customerId: string,
  bornAt: string,
): Promise<{ core: TestCore; f: SaleFixture }> {
  const core = openTestCore();
  const { code } = await call<{ code: string }>("POST", `/v1/stores/${storeId}/pairing-codes`);
  await enrollAppliance(core, { cloudUrl: url, code, name: `Caja ${storeId.slice(0, 4)}` });
  const f = seedSaleFixture(core, createTerminal(core, { code: 1, name: "Caja 1" }));
  core.db
    .prepare(
      "INSERT INTO customers (id, name, name_key, born_at, created_at, updated_at) VALUES (?, 'Ana Pérez', 'ana perez', ?, ?, ?)",
    )
    .run(customerId, bornAt, core.clock.now().toISOString(), core.clock.now().toISOString());
  return { core, f };
}

const onAccount = (
  s: { core: TestCore; f: SaleFixture },
  customerId: string,
  cash: number,
  account: number,
) =>
  commitSale(s.core, s.f.cashier, {
    id: newId(),
    lines: [{ productId: s.f.products.gaseosa.id, quantity: 2 }],
    payments: [
      ...(cash > 0 ? [{ method: "cash" as const, amount: cash }] : []),
      { method: "account" as const, amount: account },
    ],
    customerId,
  });

describe("accounts round trip: edge → cloud → edge", () => {
  it("the birth store's limit and sales go up; another store asks for credit, gets it down its shape and sells within it", async () => {
    const customerId = newId();
    const a = await store(owner.storeId, customerId, owner.storeId);
    const b = await store(storeB, customerId, owner.storeId);
    try {
      // Store A, where Ana was born, holds her whole limit until the cloud says otherwise.
      setCreditLimit(a.core, a.f.manager, customerId, 1_000_000);
      onAccount(a, customerId, 200_000, 300_000);
      // B cannot set it: the limit is the tenant's, and B holds nothing of it yet.
      expect(refusal(() => setCreditLimit(b.core, b.f.manager, customerId, 1)).code).toBe(
        "limit_owned_by_cloud",
      );
      expect(refusal(() => onAccount(b, customerId, 0, 500_000)).code).toBe("no_account");
      await new UploadDrainer(a.core).drainOnce();
      // While A holds it all, the cloud has nothing to grant B.
      expect(
        await askCloudForAllowance(b.core, { customerId, kind: "credit", amount: 500_000 }),
      ).toMatchObject({
        amount: 0,
      });
      // A hands back what it could still lend (700.000) and uploads it.
      expect(handBack(a.core, customerId, "credit")).toBe(700_000);
      await new UploadDrainer(a.core).drainOnce();

      // B, with internet, asks again: granted, recorded at once, and the same grant arrives down its shape.
      const grant = await askCloudForAllowance(b.core, { customerId, kind: "credit", amount: 500_000 });
      expect(grant).toMatchObject({ amount: 500_000, unallocated: 200_000 });
      const download = startDownload(b.core, { cloudUrl: url, token: readToken(b.core) });
      try {
        await download.ready;
        await waitFor(
          () =>
            (
              b.core.db
                .prepare("SELECT COUNT(*) AS n FROM allowance_entries WHERE reason = 'grant'")
                .get() as { n: number }
            ).n === 1,
        );
      } finally {
        download.stop();
      }
      expect(accountSummary(b.core, customerId).availableCredit).toBe(500_000);
      onAccount(b, customerId, 0, 500_000);
      expect(refusal(() => onAccount(b, customerId, 499_999, 1)).code).toBe("over_credit_limit");
      await new UploadDrainer(b.core).drainOnce();

      // The owner sees one balance across both stores, within the limit.
      const balances = await call<{
        customers: { customerId: string; balance: number; creditLimit: number }[];
      }>("GET", "/v1/dashboard/accounts");
      expect(balances.customers.find((c) => c.customerId === customerId)).toMatchObject({
        balance: 800_000,
        creditLimit: 1_000_000,
      });
    } finally {
      a.core.close();
      b.core.close();
    }
  });

  it("a limit the owner sets in the dashboard comes down to every store; a lower one makes the birth store hand back what it has not lent", async () => {
    // The customer as the cloud knows her (she would have been uploaded from A; here the dashboard types her).
    const { id: customerId } = await call<{ id: string }>("POST", "/v1/customers", { name: "Ana Pérez" });
    const a = await store(owner.storeId, customerId, owner.storeId);
    const b = await store(storeB, customerId, owner.storeId);
    try {
      setCreditLimit(a.core, a.f.manager, customerId, 1_000_000);
      onAccount(a, customerId, 200_000, 300_000);
      await new UploadDrainer(a.core).drainOnce();
      // The accounts module as the appliance starts it: it hands back credit above a lowered limit.
      const running = await accountsModule.start!({ ctx: a.core, api: undefined as never, log: () => {} });
      const set = await fetch(`${url}/v1/dashboard/accounts/${customerId}/credit-limit`, {
        method: "PUT",
        headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/json" },
        body: JSON.stringify({ creditLimit: 400_000 }),
      });
      expect(set.status).toBe(200);
      for (const s of [a, b]) {
        const download = startDownload(s.core, { cloudUrl: url, token: readToken(s.core) });
        try {
          await download.ready;
          await waitFor(() => accountSummary(s.core, customerId).creditLimit === 400_000);
        } finally {
          download.stop();
        }
      }
      // A held 1.000.000 and lent 300.000: it keeps 400.000 and hands back 600.000, uploaded.
      await waitFor(() => allowanceHeld(a.core, customerId, "credit") === 400_000);
      expect(accountSummary(a.core, customerId).availableCredit).toBe(100_000);
      await new UploadDrainer(a.core).drainOnce();
      const balances = await call<{
        customers: { customerId: string; creditLimit: number; creditHeld: Record<string, number> }[];
      }>("GET", "/v1/dashboard/accounts");
      expect(balances.customers.find((c) => c.customerId === customerId)).toMatchObject({
        creditLimit: 400_000,
        creditHeld: { [owner.storeId]: 400_000 },
      });
      await running?.stop();
    } finally {
      a.core.close();
      b.core.close();
    }
  });
});

function readToken(core: TestCore): string {
  return (core.db.prepare("SELECT token FROM sync_credentials WHERE id = 1").get() as { token: string })
    .token;
}
