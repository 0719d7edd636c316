import { ShapeAnswer } from "@mostrador/contracts/http/cloud-shapes";
import type { LightMyRequestResponse } from "fastify";
import { describe, expect, it } from "vitest";
import { createCloudProduct, updateCloudProduct } from "../catalog/products.js";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { bearer, enrolledAppliance, ownerWithStore, useTestCloud } from "../test-support/test-cloud.js";
import { compactShapeLog } from "./shape-log.js";

/** GET /v1/shape's messages hold to contracts/src/http/cloud-shapes.ts: snapshot, changes, must-refetch. */
describe("the shape API answers the HTTP contract", () => {
  const t = useTestCloud();

  it("a snapshot, the changes after its offset, and must-refetch once the log was compacted", async () => {
    const { db, cloud } = t;
    const owner = await ownerWithStore(db.sql, cloud, "formas");
    const till = await enrolledAppliance(cloud, owner.token, owner.storeId);
    const product = await createCloudProduct(
      db.sql,
      owner.tenantId,
      {
        sku: "YER-1",
        name: "Yerba 1 kg",
        price: 450_000,
        ivaRate: 2100,
        unit: "each",
        barcodes: ["7790387000011"],
      },
      cloud.clock,
    );
    const shape = (query: string) =>
      cloud.app.inject({
        method: "GET",
        url: `/v1/shape?table=products&${query}`,
        headers: bearer(till.token),
      });
    const after = (res: LightMyRequestResponse) =>
      `offset=${String(res.headers["electric-offset"])}&handle=${String(res.headers["electric-handle"])}`;

    const snapshot = await shape("offset=-1");
    expectAnswer(ShapeAnswer, snapshot, 200);
    expect(snapshot.json<ShapeAnswer>().length).toBeGreaterThan(1);

    cloud.clock.advance(1_000);
    await updateCloudProduct(db.sql, owner.tenantId, product.id, { price: 470_000 }, cloud.clock);
    const changes = await shape(after(snapshot));
    expectAnswer(ShapeAnswer, changes, 200);
    expect(changes.json<ShapeAnswer>()[0]).toMatchObject({ headers: { operation: "update" } });

    await compactShapeLog(db.sql, owner.tenantId, "products");
    expectAnswer(ShapeAnswer, await shape(after(snapshot)), 409);
  });
});
