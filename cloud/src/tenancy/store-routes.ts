import { PairingCode, Store, StoreList } from "@mostrador/contracts/http/cloud-stores";
import { Type } from "@sinclair/typebox";
import { createPairingCode } from "./pairing.js";
import { createStore, listStores } from "./stores.js";
import { ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { EmptyBody, IdParams, Name } from "../http/schemas.js";

const StoreBody = Type.Object({ name: Name(120) }, { additionalProperties: false });

/** Stores of the caller's organization, and pairing codes to enroll an appliance into one. */
export const storeRoutes: CloudRoutesFactory =
  ({ sql, clock }) =>
  async (app) => {
    app.get("/stores", { schema: { response: { 200: StoreList } } }, async (request) => ({
      stores: await listStores(sql, ownerOf(request).tenantId),
    }));

    app.post(
      "/stores",
      { schema: { body: StoreBody, response: { 201: Store } }, preHandler: requireRole("owner") },
      async (request, reply) => {
        const { name } = request.body as { name: string };
        return reply.status(201).send(await createStore(sql, ownerOf(request).tenantId, name, clock));
      },
    );

    app.post(
      "/stores/:id/pairing-codes",
      {
        // Pairing puts an appliance on the account: only once the owner's email is confirmed.
        config: { verified: true },
        schema: { params: IdParams, body: EmptyBody, response: { 201: PairingCode } },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        return reply.status(201).send(await createPairingCode(sql, ownerOf(request).tenantId, id, clock));
      },
    );
  };
