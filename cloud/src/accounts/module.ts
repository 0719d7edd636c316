import { fileURLToPath } from "node:url";
import { SYNC_OPS } from "@mostrador/contracts/sync/ops";
import type { CloudModule } from "../core/module.js";
import type { OwnedRows } from "../ingest/handlers.js";
import {
  applyAccountEntryOps,
  applyAllowanceEntryOps,
  applyCreditLimitOps,
  applyLoyaltyEntryOps,
} from "./projection.js";
import { accountsRoutes } from "./routes.js";

const own = (table: string, reason: string): OwnedRows => ({ table, ids: (op) => [op.entityId], reason });

/**
 * Customer accounts and loyalty in the cloud, the owner of both balances (docs/ownership.md): the
 * tenant's ledgers from every store, credit limits, and the allowances it grants stores (sent down as
 * the `allowance_grants` shape). README: cloud/README.md, "Accounts and loyalty".
 */
export const accountsModule: CloudModule = {
  name: "accounts",
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  routes: [accountsRoutes],
  projections: {
    account_entry: {
      apply: applyAccountEntryOps,
      payloads: SYNC_OPS.account_entry,
      owns: [own("account_entries", "El movimiento de cuenta corriente pertenece a otro local")],
    },
    loyalty_entry: {
      apply: applyLoyaltyEntryOps,
      payloads: SYNC_OPS.loyalty_entry,
      owns: [own("loyalty_entries", "El movimiento de puntos pertenece a otro local")],
    },
    allowance_entry: {
      apply: applyAllowanceEntryOps,
      payloads: SYNC_OPS.allowance_entry,
      owns: [own("allowance_entries", "El cupo pertenece a otro local")],
    },
    // Keyed by customer (tenant scope): the latest set wins whichever store set it.
    customer_credit_limit: { apply: applyCreditLimitOps, payloads: SYNC_OPS.customer_credit_limit },
  },
};
