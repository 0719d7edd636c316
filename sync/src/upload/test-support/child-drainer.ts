/**
 * `node --import tsx child-drainer.ts <dataDir> <batchSize>`: an appliance process that only uploads,
 * for the kill -9 test. Prints DRAINER_STARTED once its loop runs.
 */
import { openCore } from "@mostrador/desktop/core/open-core";
import { UploadDrainer } from "../drainer.js";

const [dataDir, batchSize] = process.argv.slice(2);
const ctx = openCore(dataDir as string);
const drainer = new UploadDrainer(ctx, {
  batchSize: Number(batchSize),
  idleMs: 50,
  baseDelayMs: 50,
  maxDelayMs: 200,
});
drainer.start();
console.log("DRAINER_STARTED");
