import { PassThrough, type Readable } from "node:stream";
import type { Sql } from "../db/sql.js";
import {
  currentHandle,
  handleContinues,
  readChanges,
  readSnapshot,
  readSnapshotInPages,
  type LogRow,
  type ShapeScope,
  type SnapshotRow,
} from "./shape-log.js";
import { messageKey, schemaHeader, toTextRow, type ShapeTable } from "./shape-tables.js";
import { shapeWaker } from "./shape-waker.js";

/** The protocol parameters this server understands (already validated by the route's schema). */
export interface ShapeRequest {
  offset: string;
  handle?: string;
  live: boolean;
  cursor?: string;
}

export interface ShapeResponse {
  status: 200 | 400 | 409;
  headers: Record<string, string>;
  /** JSON text; a snapshot's streams out while it is read (streamSnapshot). */
  body: string | Readable;
}

export interface ShapeProtocolOptions {
  /** How long a live request waits for a change before answering up-to-date (Electric: ~20 s). */
  liveTimeoutMs: number;
  /** While waiting without a LISTEN holding on the shape log, how often the log is re-read. */
  pollMs: number;
  /** Most changes in one response; the client asks again from the last offset. */
  maxChanges: number;
  now: () => number;
  /** Rows per page of a snapshot (default SNAPSHOT_PAGE_ROWS). */
  snapshotPageRows?: number;
}

type Message = Record<string, unknown>;

const upToDate = (head: number): Message => ({
  headers: { control: "up-to-date", global_last_seen_lsn: String(head) },
});

function valueMessage(scope: ShapeScope, change: LogRow): Message {
  const t = scope.table;
  const value =
    change.op === "delete"
      ? { [t.key]: change.pk }
      : toTextRow(t, change.row, scope.columns, scope.compactClocks);
  return {
    headers: { operation: change.op, lsn: String(change.lsn), op_position: 0 },
    key: messageKey(t, change.pk),
    value,
  };
}

/**
 * The snapshot's messages as text: each row's value is already JSON text from Postgres (textRowSql),
 * so a 50,000-row catalog is concatenated, not parsed into objects and serialised again. A value's
 * text never holds a raw newline (JSON escapes it), so lines are messages.
 */
function snapshotBody(table: ShapeTable, rows: readonly SnapshotRow[], head: number): string {
  const parts = rows.map((r) => snapshotLine(table, r));
  parts.push(JSON.stringify(upToDate(head)));
  // One message per line: still one JSON array, and an appliance parses and applies each line as it
  // arrives instead of the whole 50,000 rows once the last byte is in (sync/src/download/snapshot-reader.ts).
  return `[\n${parts.join(",\n")}\n]`;
}

/** Rows per page of a snapshot read through its cursor (and written out as it comes). */
const SNAPSHOT_PAGE_ROWS = 2_000;

/**
 * offset=-1, streamed: the answer (its headers once the first page gives the head) starts while
 * Postgres is still producing rows, one message per line (`[`, each row and `,`, then up-to-date and
 * `]`: the same JSON array as snapshotBody), so the appliance parses and applies the first rows while
 * the rest is being read. Pages are written without waiting for the client to take them, so the
 * connection and the transaction are held no longer than the query itself, as for a whole body.
 */
async function streamSnapshot(
  sql: Sql,
  scope: ShapeScope,
  pageRows: number,
  headers: (handle: string, head: number) => Record<string, string>,
): Promise<ShapeResponse> {
  const body = new PassThrough();
  return new Promise<ShapeResponse>((resolve, reject) => {
    let answered = false;
    const t = scope.table;
    sql
      .withTenant(scope.tenantId, async (q) => {
        const { handle } = await currentHandle(q, scope);
        const head = await readSnapshotInPages(q, scope, pageRows, (head, rows) => {
          if (!answered) {
            answered = true;
            resolve({ status: 200, headers: headers(handle, head), body });
            body.write("[\n");
          }
          if (rows.length > 0) body.write(`${rows.map((r) => snapshotLine(t, r)).join(",\n")},\n`);
        });
        body.end(`${JSON.stringify(upToDate(head))}\n]`);
      })
      .catch((err: unknown) => {
        if (!answered) reject(err as Error);
        else body.destroy(err as Error);
      });
  });
}

const snapshotLine = (table: ShapeTable, r: SnapshotRow) =>
  `{"headers":{"operation":"insert"},"key":${JSON.stringify(messageKey(table, r.pk))},"value":${r.value}}`;

/** Electric's cursor only has to change between live responses so caches never serve an old one. */
function nextCursor(nowMs: number, previous: string | undefined): string {
  const cursor = String(Math.floor(nowMs / 20_000));
  return cursor === previous ? String(Number(cursor) + 1) : cursor;
}

const mustRefetch = (handle: string): ShapeResponse => ({
  status: 409,
  headers: { "electric-handle": handle, "cache-control": "no-store" },
  body: JSON.stringify([{ headers: { control: "must-refetch" } }]),
});

/**
 * Serves Electric's HTTP shape protocol from shape_log (docs/sync-protocol.md lists what is served):
 * offset -1 → snapshot; offset now → no history; <lsn>_<n> + handle → changes after it, long-polling
 * when live; a handle that is not this shape's current one, or an offset the log no longer holds →
 * 409 must-refetch with the current handle.
 */
export async function serveShape(
  sql: Sql,
  scope: ShapeScope,
  request: ShapeRequest,
  options: ShapeProtocolOptions,
  signal?: AbortSignal,
): Promise<ShapeResponse> {
  const base = (handle: string, offset: string, live: boolean, caughtUp: boolean) => ({
    "electric-handle": handle,
    "electric-offset": offset,
    "cache-control": "no-store",
    "content-type": "application/json",
    // The cursor only on live answers, as Electric sends it. Electric's client remembers the cursor of
    // each shape's last up-to-date for a minute and drops a later up-to-date carrying the same one as a
    // cache replay: a snapshot with a cursor, re-read within that minute (a restart, a must-refetch),
    // then waited for a whole long-poll before it was applied.
    ...(live
      ? { "electric-cursor": nextCursor(options.now(), request.cursor) }
      : { "electric-schema": schemaHeader(scope.table, scope.columns) }),
    ...(caughtUp ? { "electric-up-to-date": "" } : {}),
  });

  if (request.offset === "-1") {
    return streamSnapshot(sql, scope, options.snapshotPageRows ?? SNAPSHOT_PAGE_ROWS, (handle, head) =>
      base(handle, `${head}_0`, false, true),
    );
  }
  if (request.offset === "now") {
    const { handle, head } = await sql.withTenant(scope.tenantId, async (q) => {
      const { handle } = await currentHandle(q, scope);
      return { handle, ...(await readSnapshotHead(q, scope)) };
    });
    return {
      status: 200,
      headers: base(handle, `${head}_0`, false, true),
      body: snapshotBody(scope.table, [], head),
    };
  }

  const afterLsn = Number(request.offset.split("_")[0] ?? 0);
  const deadline = options.now() + (request.live ? options.liveTimeoutMs : 0);
  for (;;) {
    // Before the read: a poke landing between the read and the wait below still wakes it.
    const seen = shapeWaker.seen(scope.tenantId);
    const read = await sql.withTenant(scope.tenantId, async (q) => {
      const current = await currentHandle(q, scope);
      if (!handleContinues(current, request.handle, afterLsn))
        return { refetch: true, handle: current.handle, changes: [] };
      return {
        refetch: false,
        handle: current.handle,
        changes: await readChanges(q, scope, afterLsn, options.maxChanges),
      };
    });
    if (read.refetch) return mustRefetch(read.handle);
    const { handle, changes } = read;
    const remaining = deadline - options.now();
    if (changes.length > 0 || remaining <= 0 || signal?.aborted) {
      const last = changes.at(-1)?.lsn ?? afterLsn;
      const caughtUp = changes.length < options.maxChanges;
      const messages = changes.map((c) => valueMessage(scope, c));
      if (caughtUp) messages.push(upToDate(last));
      return {
        status: 200,
        headers: base(handle, changes.length ? `${last}_0` : request.offset, request.live, caughtUp),
        body: JSON.stringify(messages),
      };
    }
    // While the shape log's LISTEN holds, every commit pokes: no re-read until a poke or the deadline.
    const nap = shapeWaker.listening ? remaining : Math.min(options.pollMs, remaining);
    await shapeWaker.wait(scope.tenantId, seen, nap, signal);
  }
}

/** offset=now: the current position, no rows. */
async function readSnapshotHead(
  q: Parameters<typeof readSnapshot>[0],
  scope: ShapeScope,
): Promise<{ head: number; rows: SnapshotRow[] }> {
  const [row] = await q.query<{ head: number | string }>(
    `SELECT GREATEST((SELECT COALESCE(max(lsn), 0) FROM shape_log WHERE table_name = $1),
                     (SELECT COALESCE(max(compacted_through), 0) FROM shape_generations WHERE table_name = $1)) AS head`,
    [scope.table.name],
  );
  return { head: Number(row?.head ?? 0), rows: [] };
}
