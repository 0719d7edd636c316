/**
 * `node --import tsx child-drainer.ts <dataDir> <batchSize>`: an appliance process that only uploads,
 * for the kill -9 test. Prints DRAINER_STARTED once its loop runs.
 */
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { UploadDrainer } from "../drainer.js";

const [dataDir, batchSize] = process.argv.slice(2);
const ctx = openApplianceCore(dataDir as string);
const drainer = new UploadDrainer(ctx, {
  batchSize: Number(batchSize),
  idleMs: 50,
  baseDelayMs: 50,
  maxDelayMs: 200,
});
drainer.start();
console.log("DRAINER_STARTED");
