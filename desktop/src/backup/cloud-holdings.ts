import Database from "better-sqlite3";
import { Value } from "@sinclair/typebox/value";
import { RestoreCheckAnswer } from "@mostrador/contracts/http/cloud-ingest";
import type { Db } from "@mostrador/kernel/db/open";
import { type FetchLike, postToCloud, trimBase } from "@mostrador/sync/upload/cloud-client";
import { readCredentials } from "@mostrador/sync/upload/upload-state";

/** A restore waits this long for the cloud's answer; without one it goes on (the shop may be offline). */
const ASK_TIMEOUT_MS = 5000;

/** The backup's newest sale time, or null when it has none (or no sales table). */
function newestSaleOf(backupFile: string): string | null {
  const db = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT max(created_at) AS at FROM sales").get() as { at: string | null }).at;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

/**
 * What the cloud holds from this appliance that a backup lacks: its sales after the backup's newest one, and
 * the highest seq it applied (the floor of the restored appliance's new upload epoch). Null when the appliance
 * is not paired or the cloud cannot be asked now; a restore never waits on the cloud to go ahead.
 */
export async function askCloudBeforeRestore(
  db: Db,
  backupFile: string,
  fetchImpl: FetchLike = fetch,
): Promise<RestoreCheckAnswer | null> {
  const credentials = readCredentials(db);
  if (!credentials) return null;
  const answer = await postToCloud(
    fetchImpl,
    `${trimBase(credentials.cloudUrl)}/v1/ingest/restore-check`,
    JSON.stringify({ since: newestSaleOf(backupFile) }),
    credentials.token,
    ASK_TIMEOUT_MS,
  );
  return answer.kind === "ok" && Value.Check(RestoreCheckAnswer, answer.body) ? answer.body : null;
}
