import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";

/** Same text form as the cloud's (cloud/src/catalog/hlc.ts): fixed widths, so string order = clock order. */
const HLC = /^(\d{15})-(\d{5})-[a-z0-9]{1,32}$/;

/**
 * HLC receive rule: after seeing a cloud clock, the appliance's next edit must order after it even if
 * this PC's clock is behind the cloud's. The edit itself is stamped by the outbox trigger
 * (0010_sync_download.sql), which takes max(wall, edit time) and counts up from here.
 */
export function observeHlc(db: Db, hlc: string): void {
  const m = HLC.exec(hlc);
  if (!m) return;
  const wall = Number(m[1]);
  const counter = Number(m[2]);
  stmt(
    db,
    `UPDATE hlc_state SET wall = ?, counter = ? WHERE id = 1 AND (wall < ? OR (wall = ? AND counter < ?))`,
  ).run(wall, counter, wall, wall, counter);
}

/**
 * The newest well-formed clock among `hlcs` (and `current`): a batch observes only this one, once,
 * which leaves hlc_state exactly where observing every clock in turn would.
 */
export function newestHlc(hlcs: Iterable<string>, current?: string): string | undefined {
  let newest = current;
  for (const hlc of hlcs) {
    // Fixed widths: well-formed clocks order as strings do (a tie on wall-counter with another node's
    // suffix is the same clock to observeHlc). Most clocks are not newer: the cheap test goes first.
    if ((newest === undefined || hlc > newest) && HLC.test(hlc)) newest = hlc;
  }
  return newest;
}
