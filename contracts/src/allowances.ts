/**
 * The granter's arithmetic for allowances (docs/ownership.md): a PURE module the cloud uses to decide
 * how much more of a customer's credit or points it may grant a store, and tests use to play the cloud.
 *
 * What a store holds (`held`) is the sum of its allowance entries: grants from the cloud, 'limit'
 * entries (the birth store, or an unlinked appliance, holding the whole credit limit) and its hand-backs
 * (negative). What it spends net comes out of what it holds and what it takes in (a payment, points
 * earned) goes back into it, so it never needs to be known here:
 *
 *   credit: unallocated = limit − Σ held by stores − net of the cloud's own entries (adjustments made in the dashboard)
 *   points: unallocated = net of the cloud's own entries − Σ held by stores   (points earned at a store stay with it)
 *
 * Granting only out of `unallocated` keeps Σ (what every store can still spend) ≤ what the customer
 * has, whatever each store does offline: two stores can never together overdraw an account or redeem
 * the same points.
 */
export interface Holdings {
  /** Per store: the sum of its allowance entries the cloud has seen. */
  heldByStore: readonly number[];
  /** The net of the ledger entries written by the cloud itself (not by any store). */
  cloudNet: number;
}

export function unallocatedCredit(limit: number | null, h: Holdings): number {
  if (limit === null) return 0;
  const held = h.heldByStore.reduce((s, n) => s + n, 0);
  return Math.max(0, limit - held - h.cloudNet);
}

export function unallocatedPoints(h: Holdings): number {
  const held = h.heldByStore.reduce((s, n) => s + n, 0);
  return Math.max(0, h.cloudNet - held);
}

/** What a store that asks for `asked` gets: at most what is unallocated (0: ask again later). */
export const grantable = (asked: number, unallocated: number): number =>
  Number.isSafeInteger(asked) && asked > 0 ? Math.min(asked, unallocated) : 0;
