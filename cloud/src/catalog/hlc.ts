/**
 * Hybrid logical clocks for the catalog's per-field last-writer-wins (docs/sync-protocol.md).
 *
 * Text form: `<wall ms, 15 digits>-<counter, 5 digits>-<node>`. Fixed widths make string order equal
 * clock order, so Postgres, SQLite and TypeScript compare them the same way (plain `<`/`>`), and the
 * node id breaks ties deterministically. The appliance builds the same form in SQLite
 * (sync/src/download/migrations/0010_sync_download.sql).
 */
import { HLC_PATTERN } from "@mostrador/contracts/sync/catalog";

export { HLC_PATTERN };

/** The cloud's node id in every clock it issues. */
export const CLOUD_NODE = "cloud";

export function formatHlc(wall: number, counter: number, node: string): string {
  return `${String(wall).padStart(15, "0")}-${String(counter).padStart(5, "0")}-${node}`;
}

export function parseHlc(hlc: string): { wall: number; counter: number; node: string } {
  const [wall, counter, node] = hlc.split("-") as [string, string, string];
  return { wall: Number(wall), counter: Number(counter), node };
}

export function isHlc(value: unknown): value is string {
  return typeof value === "string" && HLC_PATTERN.test(value);
}

/**
 * The clock for a cloud write that follows every clock in `seen` (the fields it replaces): at least
 * the wall time `nowMs`, and strictly after the newest seen clock even when the appliance's clock ran
 * ahead of ours (the "hybrid" part: causality survives clock skew).
 */
export function nextCloudHlc(nowMs: number, seen: Iterable<string>): string {
  let wall = nowMs;
  let counter = 0;
  for (const hlc of seen) {
    const p = parseHlc(hlc);
    if (p.wall > wall || (p.wall === wall && p.counter >= counter)) {
      wall = p.wall;
      counter = p.counter + 1;
    }
  }
  return formatHlc(wall, counter, CLOUD_NODE);
}
