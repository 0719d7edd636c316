/**
 * The appliance's side of the initial sync, alone in its own process as on the shop PC (the bench's
 * parent runs the cloud): opens a fresh appliance core in the given folder, syncs the products shape,
 * and prints one JSON line with the time from the first request to the till's catalog complete, and
 * the CPU this process spent on it. Spawned by shape-download-bench.ts after its own start-up, so the
 * figure leaves out loading Node and the code, as an appliance already running would.
 */
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { startDownload } from "@mostrador/sync/download/download";

const [cloudUrl, token, dataDir] = process.argv.slice(2);
if (!cloudUrl || !token || !dataDir)
  throw new Error("uso: shape-download-child.ts <cloudUrl> <token> <carpeta>");
const core = openApplianceCore(dataDir);
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const download = startDownload(core, { cloudUrl, token });
await download.ready;
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(cpu0);
const synced = (core.db.prepare("SELECT count(*) AS n FROM products").get() as { n: number }).n;
download.stop();
core.db.close();
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, synced }));
// The stopped stream's last long-poll may stay open until the cloud's live timeout: nothing is left to do.
process.exit(0);
