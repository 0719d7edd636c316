import type { Ctx } from "@mostrador/kernel/core/context";
import type { GatewayBus } from "../gateway-events.js";
import { DEFAULT_RETENTION, pruneTelemetry, type RetentionPolicy } from "./retention.js";
import { TelemetryBuffer, type TelemetryBufferOptions } from "./telemetry-writer.js";

export interface TelemetryOptions extends TelemetryBufferOptions {
  retention?: Partial<RetentionPolicy>;
  /** How often expired rows are pruned (default hourly). */
  pruneEveryMs?: number;
  onError?: (error: unknown) => void;
}

export interface TelemetryExtension {
  name: "telemetry";
  buffer: TelemetryBuffer;
  start(): void;
  /**
   * Stops listening and writes what is still buffered before returning; the promise resolves once that
   * is on disk too (the gateway awaits it before the database closes).
   */
  stop(): Promise<void>;
  /** Prunes expired rows now (the hourly timer calls this). */
  prune(): Promise<number>;
}

/** Stores every "reading" of the gateway bus in batches, and prunes old telemetry now and then. */
export function createTelemetryExtension(
  ctx: Ctx,
  bus: GatewayBus,
  options: TelemetryOptions = {},
): TelemetryExtension {
  const onError =
    options.onError ?? ((error: unknown) => console.error("telemetría: no se pudo guardar", error));
  const buffer = new TelemetryBuffer(ctx.db, options, onError);
  const policy = { ...DEFAULT_RETENTION, ...options.retention };
  let off: (() => void) | null = null;
  let pruneTimer: NodeJS.Timeout | null = null;
  let pruning: Promise<number> | null = null;

  const prune = () => {
    // One pruning run at a time; a second call while one runs shares its result.
    pruning ??= pruneTelemetry(ctx.db, ctx.clock.now().getTime(), policy).finally(() => {
      pruning = null;
    });
    return pruning;
  };

  return {
    name: "telemetry",
    buffer,
    start() {
      off = bus.on("reading", (r) => buffer.push(r.deviceId, r.key, r.value, r.at));
      pruneTimer = setInterval(() => prune().catch(onError), options.pruneEveryMs ?? 3_600_000);
      pruneTimer.unref();
    },
    stop() {
      off?.();
      off = null;
      if (pruneTimer) clearInterval(pruneTimer);
      pruneTimer = null;
      buffer.flush();
      return buffer.close();
    },
    prune,
  };
}
