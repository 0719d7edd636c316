/**
 * The running card readers: one runtime per configured reader (a serial port kept open; an ESP32 node's
 * topic listened to; a keyboard-wedge reader is read by the till's screen itself), every tap normalised by
 * the reader's format (@mostrador/contracts/card-readers/uid), debounced and flood-guarded (tap-gate.ts),
 * then published once as `card_tapped` { uid, readerId, terminalId, at } on the bus, which /api/events
 * forwards to the screens. The latest tap of each reader is kept for Ajustes' "tap a card to test" field.
 */
import type { CardTapped, ReaderState } from "@mostrador/contracts/http/card-readers";
import { normalizeUid, uidFromBytes, type UidResult } from "@mostrador/contracts/card-readers/uid";
import { type Ctx, nowMs } from "@mostrador/kernel/core/context";
import { listReaders, type ReaderConfig } from "./readers.js";
import { decoderFor, type Frame } from "./serial/frames.js";
import { SerialConnection } from "./serial/serial-connection.js";
import { DEFAULT_TAP_LIMITS, TapGate, type TapGateLimits } from "./tap-gate.js";

export interface ReaderLive {
  state: ReaderState;
  problem: string | null;
  lastTap: CardTapped | null;
}

interface Runtime {
  config: ReaderConfig;
  gate: TapGate;
  state: ReaderState;
  problem: string | null;
  connection: SerialConnection | null;
}

export interface HubOptions {
  log(message: string, err?: unknown): void;
  limits?: TapGateLimits;
}

const IDLE: ReaderLive = { state: "idle", problem: null, lastTap: null };

export class CardReaderHub {
  readonly #runtimes = new Map<string, Runtime>();
  /** Kept across reconfiguration: the last card read stays visible while the owner adjusts the format. */
  readonly #lastTaps = new Map<string, CardTapped>();
  readonly #unsubscribe: (() => void)[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly options: HubOptions,
  ) {}

  start(): void {
    this.#unsubscribe.push(
      this.ctx.bus.on("card_readers.changed", () => this.reload()),
      this.ctx.bus.on("card_reader.node_tap", (tap) => this.#nodeTap(tap)),
    );
    this.reload();
  }

  async stop(): Promise<void> {
    for (const off of this.#unsubscribe.splice(0)) off();
    await Promise.all([...this.#runtimes.values()].map((r) => r.connection?.stop()));
    this.#runtimes.clear();
  }

  /** What a reader is doing now and the last card it read. */
  live(readerId: string): ReaderLive {
    const runtime = this.#runtimes.get(readerId);
    const lastTap = this.#lastTaps.get(readerId) ?? null;
    if (!runtime) return { ...IDLE, lastTap };
    const at = nowMs(this.ctx.clock);
    const throttled = runtime.gate.problem(at);
    return {
      state: throttled ? "throttled" : runtime.state,
      problem: throttled ?? runtime.problem,
      lastTap,
    };
  }

  /** Restarts the readers whose configuration changed, starts new ones, stops removed ones. */
  reload(): void {
    const configs = new Map(listReaders(this.ctx).map((c) => [c.id, c]));
    for (const [id, runtime] of this.#runtimes) {
      const next = configs.get(id);
      // Compared whole, not by updatedAt: two edits within one millisecond must both take effect.
      if (next && JSON.stringify(next) === JSON.stringify(runtime.config)) continue;
      void runtime.connection?.stop();
      this.#runtimes.delete(id);
      if (!next) this.#lastTaps.delete(id);
    }
    for (const config of configs.values()) if (!this.#runtimes.has(config.id)) this.#startReader(config);
  }

  #startReader(config: ReaderConfig): void {
    const runtime: Runtime = {
      config,
      gate: new TapGate(this.options.limits ?? DEFAULT_TAP_LIMITS),
      state: config.kind === "mqtt" ? "open" : "idle",
      problem: null,
      connection: null,
    };
    this.#runtimes.set(config.id, runtime);
    if (config.kind !== "serial" || !config.serialPath || !config.serialFormat) return;
    const decoder = decoderFor(config.serialFormat);
    runtime.connection = new SerialConnection(config.serialPath, config.baudRate ?? 9600, {
      data: (chunk) => {
        try {
          for (const frame of decoder.push(chunk)) this.#frame(runtime, frame);
        } catch (err) {
          // A decoder bug must cost one chunk, never the appliance.
          this.options.log(`lector ${config.name}: lectura descartada`, err);
        }
      },
      state: (state, problem) => {
        if (this.#runtimes.get(config.id) !== runtime) return;
        runtime.state = state;
        runtime.problem = problem;
      },
    });
    runtime.connection.start();
  }

  #frame(runtime: Runtime, frame: Frame): void {
    const { config } = runtime;
    if (frame.kind === "chatter") return;
    if (frame.kind === "garbage") return this.#garbage(runtime, frame.reason);
    const uid: UidResult =
      frame.kind === "bytes"
        ? uidFromBytes(frame.bytes, config.byteOrder)
        : normalizeUid(frame.text, { numberFormat: config.numberFormat, byteOrder: config.byteOrder });
    if (!uid.ok) return this.#garbage(runtime, uid.error.message);
    this.#tap(runtime, uid.value);
  }

  #garbage(runtime: Runtime, reason: string): void {
    const at = nowMs(this.ctx.clock);
    if (runtime.gate.garbage(at, reason) === "throttled_now")
      this.options.log(`lector ${runtime.config.name}: ${runtime.gate.problem(at) ?? reason}`);
  }

  #tap(runtime: Runtime, uid: string): void {
    const at = nowMs(this.ctx.clock);
    const verdict = runtime.gate.uid(uid, at);
    if (verdict === "throttled_now")
      this.options.log(`lector ${runtime.config.name}: ${runtime.gate.problem(at) ?? "inundado"}`);
    if (verdict !== "tap") return;
    const tap: CardTapped = {
      uid,
      readerId: runtime.config.id,
      terminalId: runtime.config.terminalId,
      at: new Date(at).toISOString(),
    };
    this.#lastTaps.set(runtime.config.id, tap);
    this.ctx.bus.emit("card_tapped", tap);
  }

  /** A node's tap arrives as hex in the chip's order; the reader's byte order applies here. */
  #nodeTap(tap: { slug: string; key: string; uid: string }): void {
    for (const runtime of this.#runtimes.values()) {
      const { config } = runtime;
      if (config.kind !== "mqtt" || config.deviceSlug !== tap.slug || config.readerKey !== tap.key) continue;
      const uid = normalizeUid(tap.uid, { numberFormat: "hex", byteOrder: config.byteOrder });
      if (!uid.ok) return this.#garbage(runtime, uid.error.message);
      return this.#tap(runtime, uid.value);
    }
  }
}
