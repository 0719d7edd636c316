import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import type { OpsRejectedAnswer } from "@mostrador/contracts/http/cloud-ingest";
import { MAX_OPS_PER_BATCH } from "@mostrador/contracts/sync/ingest-batch";
import { backoffDelay } from "./backoff.js";
import { BacklogCounter } from "./backlog-counter.js";
import { type CloudAnswer, type FetchLike, postToCloud, trimBase } from "./cloud-client.js";
import {
  acknowledge,
  ackedSeq,
  countBacklog,
  type OutboxRow,
  readCredentials,
  readOutboxAfter,
  readRetryRequested,
  recordFailure,
  settleRetried,
  type SyncCredentials,
} from "./upload-state.js";

/** The cloud refuses a payload over 64 KB (cloud/src/ingest/validate-ops.ts): park it here instead. */
const MAX_PAYLOAD_CHARS = 64 * 1024;

export interface DrainerOptions {
  /**
   * Ops per request: by default as many as the cloud accepts (1000). Each batch pays a fixed price (a
   * transaction, its lock, a handful of round trips): 1000 drained 100,000 sales faster than 500.
   */
  batchSize?: number;
  /** Stop a batch early past this much payload, well under the cloud's 16 MB body limit. */
  maxBatchBytes?: number;
  fetch?: FetchLike;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Pause between polls when the outbox is empty. */
  idleMs?: number;
  requestTimeoutMs?: number;
  /** Waits between attempts; tests pass one that moves a ManualClock instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
}

export interface DrainOutcome {
  /** Ops the cloud acknowledged (applied now or before). */
  sent: number;
  parked: number;
  /** The outbox is empty (nothing after acked_seq). */
  done: boolean;
  error?: { code: string; message: string; retryable: boolean };
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());
/** Lets the till's requests run between batches (better-sqlite3 and JSON work are synchronous). */
const yieldToTill = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Ops in the dead-letter list right now (the cloud's dashboard shows this count per appliance). */
function countParked(ctx: Ctx): number {
  return (stmt(ctx.db, "SELECT count(*) AS n FROM outbox_parked").get() as { n: number }).n;
}

/**
 * Where a batch's rows come from, to report the parked count as it will be once the cloud accepts
 * the request: new outbox rows it refuses get parked; parked rows being retried leave the list if
 * accepted (and stay if refused again).
 */
type BatchSource = "outbox" | "parked";

function parkedAfter(ctx: Ctx, source: BatchSource, pending: number, refused: number): number {
  const now = countParked(ctx);
  return source === "outbox" ? now + refused : Math.max(0, now - pending);
}

/** Serializes a batch from the stored JSON text: payloads are spliced in, never parsed and re-stringified. */
function batchBody(rows: OutboxRow[], backlog: number, parked: number): string {
  const ops = rows.map(
    (r) =>
      `{"id":${JSON.stringify(r.id)},"seq":${r.seq},"entity":${JSON.stringify(r.entity)},"entityId":${JSON.stringify(
        r.entityId,
      )},"op":${JSON.stringify(r.op)},"payload":${r.payload},"createdAt":${JSON.stringify(r.createdAt)}}`,
  );
  return `{"ops":[${ops.join(",")}],"backlog":${backlog},"parked":${parked}}`;
}

/** A batch on its way to the cloud. */
interface InFlight {
  rows: OutboxRow[];
  answer: Promise<SendResult>;
}

const lastSeqOf = (rows: OutboxRow[]): number => (rows[rows.length - 1] as OutboxRow).seq;

type SendResult =
  | { ok: true; refused: { row: OutboxRow; reason: string }[] }
  | { ok: false; answer: Exclude<CloudAnswer, { kind: "ok" }> };

/**
 * The edge → cloud uploader. Reads the outbox in seq order after acked_seq, sends batches with the
 * appliance's token, and advances acked_seq only after a 2xx. Everything it knows is in SQLite, so a
 * restart or a kill -9 resumes from the last acknowledged seq; a resend is harmless (cloud applied_ops).
 */
export class UploadDrainer {
  readonly #ctx: Ctx;
  readonly #o: Required<DrainerOptions>;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;

  constructor(ctx: Ctx, options: DrainerOptions = {}) {
    this.#ctx = ctx;
    this.#o = {
      batchSize: options.batchSize ?? MAX_OPS_PER_BATCH,
      maxBatchBytes: options.maxBatchBytes ?? 4 * 1024 * 1024,
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      random: options.random ?? Math.random,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 60_000,
      idleMs: options.idleMs ?? 2000,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      sleep: options.sleep ?? realSleep,
    };
  }

  /**
   * Sends one request; on 422 parks nothing yet but drops the refused ops and resends the rest. When
   * every op ends up refused, an empty batch still goes once, so the cloud learns the new parked count.
   */
  async #send(
    creds: SyncCredentials,
    rows: OutboxRow[],
    backlog: number,
    source: BatchSource,
  ): Promise<SendResult> {
    const refused: { row: OutboxRow; reason: string }[] = [];
    let pending = rows.filter((row) => {
      if (row.payload.length <= MAX_PAYLOAD_CHARS) return true;
      refused.push({ row, reason: "El contenido de la operación es demasiado grande para la nube" });
      return false;
    });
    const url = `${trimBase(creds.cloudUrl)}/v1/ingest`;
    for (;;) {
      const parked = parkedAfter(this.#ctx, source, pending.length, refused.length);
      const answer = await postToCloud(
        this.#o.fetch,
        url,
        batchBody(pending, backlog, parked),
        creds.token,
        this.#o.requestTimeoutMs,
      );
      if (answer.kind === "ok") break;
      const rejected =
        answer.kind === "http"
          ? // The contract's 422 answer, read defensively: a proxy may answer anything.
            (answer.body as Partial<OpsRejectedAnswer> | null)?.rejected
          : undefined;
      if (answer.kind === "http" && answer.status === 422 && Array.isArray(rejected)) {
        const reasons = new Map(rejected.map((r) => [String(r.id), String(r.reason ?? answer.message)]));
        const named = pending.filter((row) => reasons.has(row.id));
        // A 422 naming none of our ops would loop forever: treat it as a failure to retry later.
        if (named.length === 0) return { ok: false, answer };
        for (const row of named) refused.push({ row, reason: reasons.get(row.id) as string });
        pending = pending.filter((row) => !reasons.has(row.id));
        continue;
      }
      // 400/413 on a single op: that op is what the cloud cannot take; park it rather than block the queue.
      if (
        answer.kind === "http" &&
        (answer.status === 400 || answer.status === 413) &&
        pending.length === 1
      ) {
        refused.push({ row: pending[0] as OutboxRow, reason: answer.message });
        pending = [];
        continue;
      }
      return { ok: false, answer };
    }
    return { ok: true, refused };
  }

  #fail(answer: Exclude<CloudAnswer, { kind: "ok" }>): DrainOutcome["error"] {
    const code = answer.kind === "network" ? "offline" : answer.code;
    recordFailure(this.#ctx.db, code, answer.message, isoNow(this.#ctx));
    // Revoked or unknown credential: retrying will not help until someone enrolls the appliance again.
    const retryable = !(answer.kind === "http" && (answer.status === 401 || answer.status === 403));
    return { code, message: answer.message, retryable };
  }

  /** Sends batches until the outbox is drained or an attempt fails. One call = one "sync now". */
  async drainOnce(): Promise<DrainOutcome> {
    const out: DrainOutcome = { sent: 0, parked: 0, done: false };
    const creds = readCredentials(this.#ctx.db);
    if (!creds) {
      out.error = {
        code: "not_configured",
        message: "El equipo no está vinculado a la nube",
        retryable: false,
      };
      return out;
    }
    // Parked ops the owner asked to retry go first, on their own.
    const retry = readRetryRequested(this.#ctx.db, this.#o.batchSize);
    if (retry.length > 0) {
      const backlog = countBacklog(this.#ctx.db, ackedSeq(this.#ctx.db));
      const result = await this.#send(creds, retry, backlog, "parked");
      if (!result.ok) return { ...out, error: this.#fail(result.answer) };
      const refusedIds = new Set(result.refused.map((r) => r.row.id));
      settleRetried(
        this.#ctx,
        retry.filter((r) => !refusedIds.has(r.id)),
        result.refused,
        isoNow(this.#ctx),
      );
      out.sent += retry.length - result.refused.length;
    }
    let batchSize = this.#o.batchSize;
    const backlogAfter = new BacklogCounter(this.#ctx.db);
    let current = this.#launch(creds, ackedSeq(this.#ctx.db), batchSize, backlogAfter);
    // A batch sent while an earlier one had ops refused told the cloud a parked count without them.
    let parkedCountBehind = false;
    while (current) {
      // The next batch goes out while the cloud applies this one, so reading, sending and checking it
      // overlap the database's work. Safe: the cloud applies every op once whatever order batches come
      // in (applied_ops; projections are order-independent) and takes one batch of an appliance at a
      // time; acked_seq still moves only past batches answered 2xx, in seq order.
      const following = this.#launch(creds, lastSeqOf(current.rows), batchSize, backlogAfter);
      const result = await current.answer;
      if (!result.ok) {
        await following?.answer; // sent for nothing: acked_seq stays before `current`, it goes again
        // Too large for the cloud: halve the batch and try again at once (down to one op, then parked).
        if (result.answer.kind === "http" && [400, 413].includes(result.answer.status) && batchSize > 1) {
          batchSize = Math.max(1, Math.floor(current.rows.length / 2));
          current = this.#launch(creds, ackedSeq(this.#ctx.db), batchSize, backlogAfter);
          continue;
        }
        return { ...out, error: this.#fail(result.answer) };
      }
      acknowledge(this.#ctx, lastSeqOf(current.rows), result.refused, isoNow(this.#ctx));
      out.sent += current.rows.length - result.refused.length;
      out.parked += result.refused.length;
      if (result.refused.length > 0 && following) parkedCountBehind = true;
      batchSize = this.#o.batchSize;
      await yieldToTill();
      // Nothing was queued behind it when it left: look again (the till may have sold meanwhile).
      current = following ?? this.#launch(creds, lastSeqOf(current.rows), batchSize, backlogAfter);
    }
    if (parkedCountBehind) {
      // An empty batch carries the parked count as it is now.
      const result = await this.#send(creds, [], 0, "outbox");
      if (!result.ok) return { ...out, error: this.#fail(result.answer) };
    }
    out.done = true;
    return out;
  }

  /** Reads the batch after `afterSeq` and sends it; null when nothing is queued after it. */
  #launch(
    creds: SyncCredentials,
    afterSeq: number,
    batchSize: number,
    backlogAfter: BacklogCounter,
  ): InFlight | null {
    const rows = readOutboxAfter(this.#ctx.db, afterSeq, batchSize, this.#o.maxBatchBytes);
    if (rows.length === 0) return null;
    const backlog = backlogAfter.after(afterSeq) - rows.length;
    const answer = this.#send(creds, rows, backlog, "outbox");
    // Awaited later (or on a failure of the batch before it); never left to reject unobserved meanwhile.
    answer.catch(() => {});
    return { rows, answer };
  }

  /** Runs until stop(): drain, then poll every idleMs; after a failure back off with full jitter. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      let failures = 0;
      while (this.#running) {
        let delay = this.#o.idleMs;
        try {
          const outcome = await this.drainOnce();
          if (outcome.error && outcome.error.code !== "not_configured") {
            delay = outcome.error.retryable
              ? backoffDelay(failures++, this.#o.random, this.#o.baseDelayMs, this.#o.maxDelayMs)
              : this.#o.maxDelayMs;
          } else failures = 0;
        } catch (err) {
          // A bug or a database error must not kill the uploader for good: note it and back off.
          recordFailure(this.#ctx.db, "internal", (err as Error).message, isoNow(this.#ctx));
          delay = backoffDelay(failures++, this.#o.random, this.#o.baseDelayMs, this.#o.maxDelayMs);
        }
        if (!this.#running) break;
        await Promise.race([this.#o.sleep(delay), new Promise<void>((resolve) => (this.#wake = resolve))]);
        this.#wake = null;
      }
    })();
  }

  /** Ends the next wait early (new ops, a retry requested, just enrolled). */
  kick(): void {
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.kick();
    await this.#loop;
    this.#loop = null;
  }
}
