import type { CustomerFields } from "@mostrador/contracts/customer-fields";
import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import { CUSTOMER_FIELD_NAMES, type CustomerField } from "@mostrador/contracts/sync/customers";
import { formatHlc } from "../catalog/hlc.js";
import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";
import type { IngestScope } from "../ingest/handlers.js";
import type { MessagingConfig } from "../messaging/config.js";
import { lockCustomers } from "./customer-store.js";
import { applyCustomerConsent, eraseCloudCustomer, writeCustomer } from "./customer-writes.js";

type CustomerPayload = OpPayload<"customer", "created">;
type ErasedPayload = OpPayload<"customer", "erased">;
type ConsentPayload = OpPayload<"customer", "consent">;

/**
 * The `customer` ingest projection: a till's customers merged field by field into the tenant's (any
 * store may write any customer: tenant scope), erasures applied everywhere the cloud keeps the person,
 * consents written into messaging's records. Ops apply in seq order; each is idempotent.
 */
export function customerProjection(config: MessagingConfig) {
  return async (q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> => {
    await lockCustomers(q, scope.tenantId);
    for (const op of ops) {
      if (op.op === "created" || op.op === "updated") {
        const p = op.payload as CustomerPayload;
        // An op from before clocks (none today) counts as every field written at the op's time.
        const legacy = formatHlc(Date.parse(op.createdAt), 0, "legacy");
        const clocks: Partial<Record<CustomerField, string>> =
          p.fieldHlc ?? Object.fromEntries(CUSTOMER_FIELD_NAMES.map((f) => [f, legacy]));
        const values = Object.fromEntries(
          CUSTOMER_FIELD_NAMES.map((f) => [f, p[f]]),
        ) as unknown as Partial<CustomerFields>;
        await writeCustomer(q, scope.tenantId, { id: p.id, bornAt: p.bornAt, values, clocks }, scope.now);
      } else if (op.op === "erased") {
        const p = op.payload as ErasedPayload;
        await eraseCloudCustomer(q, scope.tenantId, p.id, scope.now, p.keptDocNumber).catch(ignoreUnknown);
      } else if (op.op === "consent") {
        const p = op.payload as ConsentPayload;
        await applyCustomerConsent(q, config, scope.tenantId, {
          customerId: p.customerId,
          channel: p.channel,
          granted: p.granted,
          source: p.source,
          recordedBy: p.staffId ? `personal ${p.staffId}` : "personal del local",
          at: new Date(p.at),
        }).catch(ignoreUnknown);
      }
    }
  };
}

/**
 * A consent or an erasure the cloud cannot place (a customer it never received, a consent with no
 * address) is dropped rather than parked: the appliance checked both before enqueueing them.
 */
function ignoreUnknown(err: unknown): void {
  if (err instanceof CloudError && (err.kind === "not_found" || err.kind === "invalid")) return;
  throw err;
}
