import type { Ctx } from "@mostrador/kernel/core/context";
import type { GatewayBus } from "../gateway-events.js";
import { type HourUploadOptions, uploadClosedHours } from "./hour-upload.js";
import { DEFAULT_RETENTION, pruneTelemetry, type RetentionPolicy } from "./retention.js";
import { TelemetryBuffer, type TelemetryBufferOptions } from "./telemetry-writer.js";

export interface TelemetryOptions extends TelemetryBufferOptions {
  retention?: Partial<RetentionPolicy>;
  /** How often expired rows are pruned (default hourly). */
  pruneEveryMs?: number;
  onError?: (error: unknown) => void;
  /** Closed hours' rollups to the outbox (hour-upload.ts): how often to look (default each minute). */
  hourUploadEveryMs?: number;
  hourUpload?: HourUploadOptions;
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
  /** Sends the closed hours not sent yet to the outbox now (the minute timer calls this). */
  uploadHours(): Promise<number>;
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
  let uploadTimer: NodeJS.Timeout | null = null;
  let uploading: Promise<number> | null = null;
  let stopped = false;

  const prune = () => {
    // One pruning run at a time; a second call while one runs shares its result.
    pruning ??= pruneTelemetry(ctx.db, ctx.clock.now().getTime(), policy).finally(() => {
      pruning = null;
    });
    return pruning;
  };

  const uploadHours = () => {
    // One pass at a time, like pruning; a pass stops between batches once the extension stops.
    uploading ??= uploadClosedHours(
      ctx.db,
      () => ctx.clock.now().getTime(),
      options.hourUpload,
      () => stopped,
    ).finally(() => {
      uploading = null;
    });
    return uploading;
  };

  return {
    name: "telemetry",
    buffer,
    start() {
      off = bus.on("reading", (r) => buffer.push(r.deviceId, r.key, r.value, r.at));
      pruneTimer = setInterval(() => prune().catch(onError), options.pruneEveryMs ?? 3_600_000);
      pruneTimer.unref();
      stopped = false;
      // At start too: hours that closed while the appliance was off, or the history before migration 0051.
      void uploadHours().catch(onError);
      uploadTimer = setInterval(() => void uploadHours().catch(onError), options.hourUploadEveryMs ?? 60_000);
      uploadTimer.unref();
    },
    stop() {
      off?.();
      off = null;
      if (pruneTimer) clearInterval(pruneTimer);
      pruneTimer = null;
      if (uploadTimer) clearInterval(uploadTimer);
      uploadTimer = null;
      stopped = true;
      buffer.flush();
      // A pass in progress ends after its current batch, before the database closes.
      return Promise.all([buffer.close(), uploading?.catch(() => 0)]).then(() => undefined);
    },
    prune,
    uploadHours,
  };
}
