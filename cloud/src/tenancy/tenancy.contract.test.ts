import {
  Appliance,
  ApplianceList,
  ApplianceMe,
  Enrollment,
} from "@mostrador/contracts/http/cloud-appliances";
import { PairingCode, Store, StoreList } from "@mostrador/contracts/http/cloud-stores";
import { describe, it } from "vitest";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { bearer, json, ownerWithStore, useTestCloud } from "../test-support/test-cloud.js";
import { listAppliances } from "./appliances.js";
import { listStores } from "./stores.js";

/** Stores, pairing codes and appliances answer as contracts/src/http/cloud-stores.ts and cloud-appliances.ts say. */
describe("the tenancy API answers the HTTP contract", () => {
  const t = useTestCloud();

  it("stores: create, list and a pairing code", async () => {
    const { db, cloud } = t;
    const owner = await ownerWithStore(db.sql, cloud, "contrato");
    const call = (method: "GET" | "POST", url: string, payload?: object) =>
      cloud.app.inject({ method, url, headers: bearer(owner.token), ...(payload ? { payload } : {}) });

    const created = await call("POST", "/v1/stores", { name: "Sucursal Centro" });
    expectAnswer(Store, created, 201);
    expectAnswer(StoreList, await call("GET", "/v1/stores"), 200, {
      stores: await listStores(db.sql, owner.tenantId),
    });
    expectAnswer(PairingCode, await call("POST", `/v1/stores/${owner.storeId}/pairing-codes`), 201);
  });

  it("appliances: enroll, the appliance's own identity, the owner's list and a revoke", async () => {
    const { db, cloud } = t;
    const owner = await ownerWithStore(db.sql, cloud, "equipos");
    const { code } = json<PairingCode>(
      await cloud.app.inject({
        method: "POST",
        url: `/v1/stores/${owner.storeId}/pairing-codes`,
        headers: bearer(owner.token),
      }),
    );
    const enrolled = await cloud.app.inject({
      method: "POST",
      url: "/v1/enroll",
      payload: { code, applianceName: "Caja 1" },
    });
    expectAnswer(Enrollment, enrolled, 201);
    const till = json<Enrollment>(enrolled);

    expectAnswer(
      ApplianceMe,
      await cloud.app.inject({ method: "GET", url: "/v1/appliance/me", headers: bearer(till.token) }),
      200,
      {
        applianceId: till.applianceId,
        tenantId: till.tenantId,
        storeId: till.storeId,
        entitlementsKey: till.entitlementsKey!,
      },
    );
    expectAnswer(
      ApplianceList,
      await cloud.app.inject({ method: "GET", url: "/v1/appliances", headers: bearer(owner.token) }),
      200,
      { appliances: await listAppliances(db.sql, owner.tenantId) },
    );
    const revoked = await cloud.app.inject({
      method: "POST",
      url: `/v1/appliances/${till.applianceId}/revoke`,
      headers: bearer(owner.token),
    });
    expectAnswer(Appliance, revoked, 200, (await listAppliances(db.sql, owner.tenantId))[0]);
  });
});
