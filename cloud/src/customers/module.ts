import { fileURLToPath } from "node:url";
import { SYNC_OPS } from "@mostrador/contracts/sync/ops";
import type { CloudModule } from "../core/module.js";
import type { MessagingConfig } from "../messaging/config.js";
import { customerProjection } from "./projection.js";
import { customerRoutes } from "./routes.js";

/**
 * Customers in the cloud (README.md beside this file): tenant scope, the `customer` projection (with
 * merge of the same person born at two places, erasure and consent into messaging), the owner's
 * /v1/customers, and the `customers` shape every store downloads (cloud/src/shapes/shape-tables.ts).
 * Any store may write any customer, so the projection declares no `owns`.
 */
export function createCustomersModule(messaging: MessagingConfig): CloudModule {
  return {
    name: "customers",
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [customerRoutes(messaging)],
    projections: { customer: { apply: customerProjection(messaging), payloads: SYNC_OPS.customer } },
  };
}
