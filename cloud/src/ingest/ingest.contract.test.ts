import { IngestResult, OpsRejectedAnswer } from "@mostrador/contracts/http/cloud-ingest";
import { describe, expect, it } from "vitest";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { enrolledAppliance, ingest, json, ownerWithStore, useTestCloud } from "../test-support/test-cloud.js";
import { OpFactory } from "./test-ops.js";

/** POST /v1/ingest answers as contracts/src/http/cloud-ingest.ts says: applied, and refused by op. */
describe("the ingest API answers the HTTP contract", () => {
  const t = useTestCloud();

  it("a batch applied, the same batch again, and a batch with an op the cloud refuses", async () => {
    const { db, cloud } = t;
    const owner = await ownerWithStore(db.sql, cloud, "subida");
    const till = await enrolledAppliance(cloud, owner.token, owner.storeId);
    const f = new OpFactory();
    const ops = [f.sale([{ productId: "yerba", quantity: 2, unitPrice: 400_000 }]).op];

    expectAnswer(IngestResult, await ingest(cloud, till.token, ops), 200, {
      applied: 1,
      duplicates: 0,
      lastSeq: 1,
    });
    expectAnswer(IngestResult, await ingest(cloud, till.token, ops), 200, {
      applied: 0,
      duplicates: 1,
      lastSeq: 1,
    });

    const bad = f.rawOp("sale", "no-es-un-uuid", "created", {});
    const refused = await ingest(cloud, till.token, [bad]);
    expectAnswer(OpsRejectedAnswer, refused, 422);
    expect(json<OpsRejectedAnswer>(refused).rejected.map((r) => r.id)).toEqual([bad.id]);
  });
});
