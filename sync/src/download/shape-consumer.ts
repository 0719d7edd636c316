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
import { loadShapeState, saveShapeState } from "./shape-state.js";

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
 * Downloads one shape with @electric-sql/client, resuming from the handle and offset stored in
 * shape_state. Messages are buffered and applied in ONE SQLite transaction when `up-to-date` arrives,
 * together with the new offset and handle, so a crash leaves either the old state and old offset or
 * the new state and new offset. On must-refetch the buffer is dropped and the next snapshot is applied
 * as a whole (`fromScratch`), which keeps local edits (see product-apply.ts).
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
    return baseFetch(input, { ...init, headers });
  };

  const run = () => {
    const state = loadShapeState(ctx.db, options.shape);
    let buffer: ChangeMessage<Row>[] = [];
    let fromScratch = state.offset === "-1";
    const stream = new ShapeStream<Row>({
      url: `${options.cloudUrl.replace(/\/$/, "")}/v1/shape`,
      params: { table: options.shape },
      offset: state.offset as Offset,
      ...(state.handle && state.offset !== "-1" ? { handle: state.handle } : {}),
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
      // IMMEDIATE: the write lock is taken before the batch reads anything, so what it checks (a turno's
      // keys, say) cannot change under it from another process on the same file.
      const keys = ctx.db
        .transaction(() => {
          const changed = options.apply(ctx, buffer, fromScratch);
          saveShapeState(ctx.db, options.shape, { handle, offset }, isoNow(ctx));
          return changed;
        })
        .immediate();
      buffer = [];
      fromScratch = false;
      batches++;
      if (keys.length > 0) options.onApplied?.(keys);
      resolveReady();
    };

    stream.subscribe((messages: Message<Row>[]) => {
      if (stopped) return;
      try {
        for (const m of messages) {
          if (isChangeMessage(m)) buffer.push(m);
          else if (isControlMessage(m) && m.headers.control === "must-refetch") {
            buffer = [];
            fromScratch = true;
          } else if (isControlMessage(m) && m.headers.control === "up-to-date") commit();
        }
      } catch (err) {
        // The stream's in-memory offset has moved past rows we did not store: restart from the stored one.
        options.onError?.(err as Error);
        abort.abort();
        abort = new AbortController();
        restartTimer = setTimeout(() => !stopped && run(), options.restartDelayMs ?? 5_000);
      }
    });
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
