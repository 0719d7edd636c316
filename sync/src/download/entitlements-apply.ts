import type { ChangeMessage, Row } from "@electric-sql/client";
import type { Ctx } from "@mostrador/kernel/core/context";
import { receiveEntitlements } from "@mostrador/kernel/entitlements/store";

/**
 * The `entitlement_records` shape (cloud/src/billing/entitlements/): the tenant's plan, signed by the
 * cloud. Each row is handed to the kernel, which keeps it only if it verifies with the key pinned at
 * enrollment and is newer than the one kept; a refused row is logged there and the shape goes on.
 * Returns the keys of the records kept (the batch raises `entitlements.changed` when there is one).
 */
export function applyEntitlementMessages(ctx: Ctx, messages: ChangeMessage<Row>[]): string[] {
  const kept: string[] = [];
  for (const m of messages) {
    if (m.headers.operation === "delete") continue;
    const v = m.value;
    const signed = {
      payload: String(v.payload ?? ""),
      signature: String(v.signature ?? ""),
      keyId: String(v.key_id ?? ""),
    };
    if (receiveEntitlements(ctx, signed) === "stored") kept.push(String(v.id));
  }
  return kept;
}
