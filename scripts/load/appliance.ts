import { COMPACT_CLOCKS, COMPACT_CLOCKS_HEADER } from "@mostrador/contracts/http/cloud-shapes";
import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import { OpFactory } from "@mostrador/cloud/ingest/test-ops";
import { applianceOps } from "./appliance-day.js";
import { call } from "./http.js";
import type { Shop } from "./shops.js";

/** As the appliance's shape consumer asks (sync/src/download/shape-consumer.ts): products' clocks compact. */
const SHAPE_HEADERS = { [COMPACT_CLOCKS_HEADER]: COMPACT_CLOCKS };

/** An owner's edit of a price, waiting for the appliance's live shape to bring it. */
interface PendingEdit {
  price: number;
  sentAt: number;
  onArrival: (ms: number) => void;
}

type Message = { headers?: { operation?: string; control?: string }; value?: Record<string, unknown> };

/**
 * One appliance at the protocol level (no SQLite file): it uploads its outbox's ops as the drainer
 * does (`POST /v1/ingest`, the same body: ops, backlog, parked; its own bearer token) and holds the
 * products shape live as the appliance's download does (Electric's protocol: a snapshot at offset -1,
 * then `live=true` long-polls with handle, offset and cursor, gzip accepted).
 */
export class SimulatedAppliance {
  readonly factory = new OpFactory(Date.now() - 86_400_000);
  products: string[] = [];
  private setUp = false;
  private readonly edits = new Map<string, PendingEdit>();
  private live: AbortController | null = null;

  constructor(
    readonly shop: Shop,
    private readonly cloudUrl: string,
  ) {}

  /** Its day's ops, after what it uploads once at enrolment (catalog, turnos setup, cards) when not yet sent. */
  async prepareDay(dayStart: number): Promise<IngestOp[]> {
    const ops = applianceOps(this.factory, dayStart, this.products);
    if (!this.setUp) {
      const answer = await this.upload(ops.setup, ops.day.length);
      if (answer.status !== 200)
        throw new Error(
          `alta del equipo ${this.shop.index}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`,
        );
      this.setUp = true;
    }
    return ops.day;
  }

  upload(ops: IngestOp[], backlog: number) {
    return call(`${this.cloudUrl}/v1/ingest`, {
      method: "POST",
      token: this.shop.applianceToken,
      body: JSON.stringify({ ops, backlog, parked: 0 }),
    });
  }

  /** Expects `price` for `productId` to arrive on the live shape; calls back with the milliseconds it took. */
  expectEdit(productId: string, price: number, onArrival: (ms: number) => void): void {
    this.edits.set(productId, { price, sentAt: performance.now(), onArrival });
  }

  pendingEdits(): number {
    return this.edits.size;
  }

  /** Reads the snapshot, then long-polls until stopLive(). Resolves once the snapshot is in. */
  async startLive(onError: (what: string) => void): Promise<void> {
    const controller = new AbortController();
    this.live = controller;
    let state = await this.snapshot(controller.signal);
    void (async () => {
      while (!controller.signal.aborted) {
        try {
          const q = `table=products&offset=${state.offset}&handle=${state.handle}&live=true${state.cursor ? `&cursor=${state.cursor}` : ""}`;
          const a = await call(`${this.cloudUrl}/v1/shape?${q}`, {
            token: this.shop.applianceToken,
            signal: controller.signal,
            headers: SHAPE_HEADERS,
          });
          if (a.status === 409) {
            state = await this.snapshot(controller.signal);
            continue;
          }
          if (a.status !== 200) {
            onError(`shape ${a.status}`);
            await new Promise((r) => setTimeout(r, 1000));
            continue;
          }
          this.received(a.body as Message[]);
          state = {
            handle: a.headers.get("electric-handle") ?? state.handle,
            offset: a.headers.get("electric-offset") ?? state.offset,
            cursor: a.headers.get("electric-cursor") ?? state.cursor,
          };
        } catch (err) {
          if (controller.signal.aborted) return;
          onError(`shape: ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    })();
  }

  stopLive(): void {
    this.live?.abort();
    this.live = null;
  }

  private async snapshot(signal: AbortSignal) {
    const a = await call(`${this.cloudUrl}/v1/shape?table=products&offset=-1`, {
      token: this.shop.applianceToken,
      signal,
      headers: SHAPE_HEADERS,
    });
    if (a.status !== 200) throw new Error(`snapshot ${a.status}`);
    this.received(a.body as Message[]);
    return {
      handle: a.headers.get("electric-handle")!,
      offset: a.headers.get("electric-offset")!,
      cursor: "",
    };
  }

  private received(messages: Message[]): void {
    if (!Array.isArray(messages) || this.edits.size === 0) return;
    for (const m of messages) {
      const id = m.value?.id;
      if (typeof id !== "string") continue;
      const edit = this.edits.get(id);
      if (edit && Number(m.value?.price) === edit.price) {
        this.edits.delete(id);
        edit.onArrival(performance.now() - edit.sentAt);
      }
    }
  }
}
