import {
  isChangeMessage,
  isControlMessage,
  ShapeStream,
  type ChangeMessage,
  type Message,
  type Offset,
  type Row,
} from "@electric-sql/client";
import { isoNow, type Ctx } from "@mostrador/kernel/core/context";
import { COMPACT_CLOCKS, COMPACT_CLOCKS_HEADER } from "@mostrador/contracts/http/cloud-shapes";
import { loadShapeState, saveShapeState } from "./shape-state.js";
import { readSnapshot } from "./snapshot-reader.js";

/** Writes one up-to-date batch of a shape into SQLite; runs inside the consumer's transaction. */
export type ShapeApply = (ctx: Ctx, messages: ChangeMessage<Row>[], fromScratch: boolean) => string[];

export interface ShapeConsumerOptions {
  /** The cloud's base URL, e.g. https://nube.mostrador.ar (the shape is `${cloudUrl}/v1/shape`). */
  cloudUrl: string;
  /** This appliance's credential from enrollment (moa_…). */
  token: string;
  shape:
    | "products"
    | "store_settings"
    | "categories"
    | "customers"
    | "allowance_grants"
    | "credit_limits"
    | "allowance_recalls"
    | "turno_allotments"
    | "turno_bookings"
    | "turno_answers"
    | "entitlement_records"
    | "online_orders";
  apply: ShapeApply;
  /** After each committed batch (outside the transaction): e.g. emit catalog.changed. */
  onApplied?: (keys: string[]) => void;
  /** Network or apply failures; the consumer keeps retrying by itself. */
  onError?: (err: Error) => void;
  /** Default globalThis.fetch (tests and benchmarks may wrap it). */
  fetch?: typeof fetch;
  /** Wait before restarting after an apply failure. Default 5 s. */
  restartDelayMs?: number;
  /**
   * A big shape's snapshot applied in batches of `rows` while it downloads, each batch committed on
   * its own (fromScratch false), and `finish` run with the last one, the new offset and the keys every
   * batch returned: what a whole-snapshot apply does for rows missing from it (products: retired).
   * A crash before that last commit leaves the old offset, so the snapshot is read again from the top;
   * re-applying a row is a no-op. Without it the snapshot is applied in one transaction (fromScratch).
   */
  snapshotInBatches?: { rows: number; finish: (ctx: Ctx, applied: ReadonlySet<string>) => string[] };
}

/** The cloud's shapes this appliance downloads (cloud/src/shapes/shape-tables.ts). */
export type ShapeName = ShapeConsumerOptions["shape"];

export interface ShapeConsumer {
  /** Resolves when the first up-to-date batch has been applied and stored. */
  ready: Promise<void>;
  /** How many batches were committed since start. */
  readonly batches: number;
  stop(): void;
}

/**
 * Downloads one shape, resuming from the handle and offset stored in shape_state. A snapshot (the
 * first sync, or after must-refetch) is read as it streams in (snapshot-reader.ts) and applied as a
 * whole (`fromScratch`, which keeps local edits: see product-apply.ts) or, for a big shape, batch by
 * batch (snapshotInBatches); the offset is stored with its last part. From there @electric-sql/client
 * follows the changes: buffered and applied in ONE SQLite transaction when `up-to-date` arrives,
 * together with the new offset and handle, so a crash leaves either the old state and old offset or
 * the new state and new offset.
 */
export function startShapeConsumer(ctx: Ctx, options: ShapeConsumerOptions): ShapeConsumer {
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  let batches = 0;
  let stopped = false;
  let abort = new AbortController();
  let restartTimer: NodeJS.Timeout | undefined;
  const baseFetch = options.fetch ?? globalThis.fetch;
  // The credential travels as a header on every request; the client never sees a where-clause.
  const fetchClient: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("authorization", `Bearer ${options.token}`);
    // Products' clocks compact (contracts/src/http/cloud-shapes.ts); a cloud that does not know it
    // sends them whole, and the applies read both forms.
    headers.set(COMPACT_CLOCKS_HEADER, COMPACT_CLOCKS);
    return baseFetch(input, { ...init, headers });
  };

  const shapeUrl = `${options.cloudUrl.replace(/\/$/, "")}/v1/shape?table=${options.shape}`;
  const restartLater = (err: Error) => {
    if (stopped) return;
    options.onError?.(err);
    abort.abort();
    abort = new AbortController();
    restartTimer = setTimeout(() => !stopped && run(), options.restartDelayMs ?? 5_000);
  };
  const committed = (keys: string[], caughtUp: boolean) => {
    batches++;
    if (keys.length > 0) options.onApplied?.(keys);
    if (caughtUp) resolveReady();
  };
  // IMMEDIATE: the write lock is taken before the batch reads anything, so what it checks (a turno's
  // keys, say) cannot change under it from another process on the same file.
  const inTransaction = <T>(fn: () => T): T => ctx.db.transaction(fn).immediate();

  /**
   * The snapshot (first sync, or must-refetch), read by snapshot-reader.ts while it streams in: a
   * big shape's rows are applied batch by batch as they arrive (snapshotInBatches), the rest at the
   * end in one transaction with the offset. Then the live changes go on with ShapeStream.
   */
  const runSnapshot = async () => {
    const inBatches = options.snapshotInBatches;
    const signal = abort.signal;
    let applied = new Set<string>();
    try {
      const end = await readSnapshot({
        shapeUrl,
        fetch: fetchClient,
        signal,
        batchRows: inBatches?.rows ?? Number.POSITIVE_INFINITY,
        // Without snapshotInBatches no batch is full before the end: all of it comes back as `rest`.
        onBatch: (messages) => {
          if (signal.aborted || !inBatches) return;
          const keys = inTransaction(() => options.apply(ctx, messages, false));
          for (const k of keys) applied.add(k);
          committed(keys, false);
        },
        onRestart: () => (applied = new Set()),
      });
      if (stopped || signal.aborted) return;
      const keys = inTransaction(() => {
        const changed = options.apply(ctx, end.rest, !inBatches);
        for (const k of changed) applied.add(k);
        const gone = inBatches ? inBatches.finish(ctx, applied) : [];
        saveShapeState(ctx.db, options.shape, { handle: end.handle, offset: end.offset }, isoNow(ctx));
        return [...changed, ...gone];
      });
      committed(keys, true);
      follow();
    } catch (err) {
      if (!signal.aborted) restartLater(err as Error);
    }
  };

  /** From the stored offset on: Electric's client, buffered and applied at each up-to-date. */
  const follow = () => {
    const state = loadShapeState(ctx.db, options.shape);
    let buffer: ChangeMessage<Row>[] = [];
    const stream = new ShapeStream<Row>({
      url: `${options.cloudUrl.replace(/\/$/, "")}/v1/shape`,
      params: { table: options.shape },
      offset: state.offset as Offset,
      ...(state.handle ? { handle: state.handle } : {}),
      fetchClient,
      signal: abort.signal,
      // Retry network errors and 5xx forever (the shop may be offline for days), with the client's backoff.
      onError: (err) => {
        options.onError?.(err);
        return {};
      },
    });

    const commit = () => {
      const handle = stream.shapeHandle ?? null;
      const offset = stream.lastOffset;
      const keys = inTransaction(() => {
        const changed = options.apply(ctx, buffer, false);
        saveShapeState(ctx.db, options.shape, { handle, offset }, isoNow(ctx));
        return changed;
      });
      buffer = [];
      committed(keys, true);
    };

    stream.subscribe((messages: Message<Row>[]) => {
      if (stopped) return;
      try {
        for (const m of messages) {
          if (isChangeMessage(m)) buffer.push(m);
          else if (isControlMessage(m) && m.headers.control === "must-refetch") {
            // The handle is gone: the snapshot is read again by the streaming reader, the stored
            // offset kept until it is applied (a crash meanwhile asks again and gets 409 again).
            abort.abort();
            abort = new AbortController();
            void runSnapshot();
            return;
          } else if (isControlMessage(m) && m.headers.control === "up-to-date") commit();
        }
      } catch (err) {
        // The stream's in-memory offset has moved past rows we did not store: restart from the stored one.
        restartLater(err as Error);
      }
    });
  };

  const run = () => {
    if (loadShapeState(ctx.db, options.shape).offset === "-1") void runSnapshot();
    else follow();
  };

  run();
  return {
    ready,
    get batches() {
      return batches;
    },
    stop() {
      stopped = true;
      clearTimeout(restartTimer);
      abort.abort();
    },
  };
}
