import {
  CatalogAnswer,
  CatalogPolicy,
  CatalogProduct,
  OverwritesAnswer,
} from "@mostrador/contracts/http/cloud-catalog";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import { listProductOverwrites } from "../catalog/overwrites.js";
import { OpFactory } from "../ingest/test-ops.js";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  ownerWithStore,
  useTestCloud,
} from "../test-support/test-cloud.js";
import { searchCatalog } from "./catalog.js";

/** The catalog screen's answers hold to contracts/src/http/cloud-catalog.ts, overrides included. */
describe("the dashboard's catalog API answers the HTTP contract", () => {
  const t = useTestCloud();

  it("a page with a store's override, an edit, the till policy and the overwrites to review", async () => {
    const { db, cloud } = t;
    const owner = await ownerWithStore(db.sql, cloud, "catalogo");
    const till = await enrolledAppliance(cloud, owner.token, owner.storeId);
    const call = (method: "GET" | "PATCH", url: string, payload?: object) =>
      cloud.app.inject({ method, url, headers: bearer(owner.token), ...(payload ? { payload } : {}) });

    // A tenant-wide product, created by the owner's edit path, then repriced at a till: an override.
    const f = new OpFactory();
    const id = uuidv7();
    await db.sql.withTenant(owner.tenantId, (q) =>
      q.query(
        `INSERT INTO products (tenant_id, id, store_id, sku, name, price, iva_rate, unit, low_stock_threshold,
           active, field_hlc, updated_at) VALUES ($1, $2, NULL, 'YER-1', 'Yerba', 450000, 2100, 'each', 5, true,
           '{}'::jsonb, now())`,
        [owner.tenantId, id],
      ),
    );
    expect((await ingest(cloud, till.token, [f.product(id, { price: 470_000 })])).statusCode).toBe(200);

    const page = await call("GET", "/v1/dashboard/catalog");
    expectAnswer(
      CatalogAnswer,
      page,
      200,
      await db.sql.withTenant(owner.tenantId, (q) =>
        searchCatalog(q, { search: null, storeId: null, limit: 100, offset: 0, tenantId: owner.tenantId }),
      ),
    );
    expect(json<CatalogAnswer>(page).products[0]?.overrides).toHaveLength(1);

    const edited = await call("PATCH", `/v1/dashboard/catalog/${id}`, { name: "Yerba Mate 1 kg" });
    expectAnswer(CatalogProduct, edited, 200);
    expect(json<CatalogProduct>(edited).name).toBe("Yerba Mate 1 kg");
    expectAnswer(
      CatalogPolicy,
      await call("PATCH", "/v1/dashboard/catalog-policy", { tillsEditSharedCatalog: true }),
      200,
      { tillsEditSharedCatalog: true },
    );
    expectAnswer(OverwritesAnswer, await call("GET", "/v1/dashboard/catalog/overwrites"), 200, {
      overwrites: await listProductOverwrites(db.sql, owner.tenantId),
    });
  });
});
