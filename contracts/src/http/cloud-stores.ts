import { type Static, Type } from "@sinclair/typebox";
import { Closed, Instant } from "./fields.js";

/** The organization's stores and their pairing codes (/v1/stores*, cloud/src/tenancy/store-routes.ts). */

export const Store = Type.Object({ id: Type.String(), name: Type.String(), createdAt: Instant }, Closed);
export type Store = Static<typeof Store>;

/** GET /v1/stores */
export const StoreList = Type.Object({ stores: Type.Array(Store) }, Closed);
export type StoreList = Static<typeof StoreList>;

/** POST /v1/stores/:id/pairing-codes → 201: a one-time code that enrolls one appliance into the store. */
export const PairingCode = Type.Object({ code: Type.String(), expiresAt: Instant }, Closed);
export type PairingCode = Static<typeof PairingCode>;
