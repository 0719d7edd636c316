import type { Ctx } from "@mostrador/kernel/core/context";
import { type Download, startDownload } from "./download/download.js";
import { UploadDrainer } from "./upload/drainer.js";
import { pruneOutbox } from "./upload/outbox-retention.js";
import { readCredentials } from "./upload/upload-state.js";

export interface RunningSync {
  stop(): Promise<void>;
}

/** How often the runner looks for a new or changed credential (an enrollment made from the till). */
const CREDENTIALS_CHECK_MS = 2000;
/** Acknowledged ops older than the retention are deleted a minute after start, then hourly. */
const OUTBOX_PRUNE_FIRST_MS = 60_000;
const OUTBOX_PRUNE_EVERY_MS = 3_600_000;

/**
 * Runs both directions of sync inside the appliance: the outbox drainer (which idles until the
 * appliance is enrolled) and the shape download, started — or restarted with the new token — as soon
 * as a credential appears. Nothing here blocks the till: both run on timers and small transactions.
 */
export function startSync(
  ctx: Ctx,
  log: (message: string, err?: unknown) => void = console.error,
): RunningSync {
  const drainer = new UploadDrainer(ctx);
  drainer.start();
  let download: Download | null = null;
  let token: string | null = null;

  const follow = () => {
    const creds = readCredentials(ctx.db);
    if ((creds?.token ?? null) === token) return;
    download?.stop();
    download = null;
    token = creds?.token ?? null;
    if (!creds) return;
    download = startDownload(ctx, {
      cloudUrl: creds.cloudUrl,
      token: creds.token,
      onError: (err) => log("sync: la descarga desde la nube falló; se reintenta", err.message),
    });
    drainer.kick();
  };
  follow();
  const timer = setInterval(follow, CREDENTIALS_CHECK_MS);
  timer.unref();

  let pruning: Promise<unknown> | null = null;
  const prune = () => {
    pruning ??= pruneOutbox(ctx.db, ctx.clock.now().getTime())
      .catch((err: unknown) => log("sync: no se pudo depurar la cola de envío", err))
      .finally(() => {
        pruning = null;
      });
  };
  const firstPrune = setTimeout(prune, OUTBOX_PRUNE_FIRST_MS);
  firstPrune.unref();
  const pruneTimer = setInterval(prune, OUTBOX_PRUNE_EVERY_MS);
  pruneTimer.unref();

  return {
    async stop() {
      clearTimeout(firstPrune);
      clearInterval(pruneTimer);
      await pruning;
      clearInterval(timer);
      download?.stop();
      await drainer.stop();
    },
  };
}
