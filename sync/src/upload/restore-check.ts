import { Value } from "@sinclair/typebox/value";
import { RestoreCheckAnswer } from "@mostrador/contracts/http/cloud-ingest";
import type { Db } from "@mostrador/kernel/db/open";
import { type FetchLike, postToCloud, trimBase } from "./cloud-client.js";
import { readCredentials } from "./upload-state.js";

/** A restore waits this long for the cloud's answer; without one it goes on (the shop may be offline). */
const ASK_TIMEOUT_MS = 5000;

/**
 * Before a restore (desktop/src/backup/restore.ts): what the cloud holds from this appliance that the backup
 * lacks — its sales created after `since` (the backup's newest sale) — and the highest seq it applied, the
 * floor of the restored appliance's new upload epoch. Null when the appliance is not paired or the cloud cannot
 * be asked now: a restore never waits on the cloud to go ahead.
 */
export async function askCloudBeforeRestore(
  db: Db,
  since: string | null,
  fetchImpl: FetchLike = fetch,
): Promise<RestoreCheckAnswer | null> {
  const credentials = readCredentials(db);
  if (!credentials) return null;
  const answer = await postToCloud(
    fetchImpl,
    `${trimBase(credentials.cloudUrl)}/v1/ingest/restore-check`,
    JSON.stringify({ since }),
    credentials.token,
    ASK_TIMEOUT_MS,
  );
  return answer.kind === "ok" && Value.Check(RestoreCheckAnswer, answer.body) ? answer.body : null;
}
