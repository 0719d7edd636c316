import { fileURLToPath } from "node:url";
import { SYNC_OPS, type OpPayload } from "@mostrador/contracts/sync/ops";
import type { CloudModule } from "../core/module.js";
import type { OwnedRows } from "../ingest/handlers.js";
import { applyCardEntryOps, applyCardOps, entriesWithWrongSign } from "./projection.js";
import { cardsRoutes } from "./routes.js";

const own = (table: string, reason: string): OwnedRows => ({ table, ids: (op) => [op.entityId], reason });

/**
 * Prepaid cards in the cloud (issue 15): each store's cards and their balance ledger as its appliance
 * uploads them (the balance lives at the appliance: nothing goes down), and the owner's view of them
 * (`/v1/dashboard/cards*`, screen `ui/src/cards/`). README: cloud/README.md, "Prepaid cards".
 */
export const cardsModule: CloudModule = {
  name: "cards",
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  routes: [cardsRoutes],
  projections: {
    card: {
      apply: applyCardOps,
      payloads: SYNC_OPS.card,
      owns: [
        own("cards", "La tarjeta pertenece a otro local"),
        {
          table: "cards",
          ids: (op) => {
            const replaces = (op.payload as OpPayload<"card", "created">).replaces;
            return replaces ? [replaces] : [];
          },
          reason: "La tarjeta reemplazada pertenece a otro local",
        },
      ],
    },
    card_entry: {
      apply: applyCardEntryOps,
      payloads: SYNC_OPS.card_entry,
      owns: [
        own("card_entries", "El movimiento de tarjeta pertenece a otro local"),
        {
          table: "cards",
          ids: (op) => [(op.payload as OpPayload<"card_entry", "created">).cardId],
          reason: "La tarjeta del movimiento pertenece a otro local",
        },
      ],
      refuses: (_q, _scope, ops) => Promise.resolve(entriesWithWrongSign(ops)),
    },
  },
};
