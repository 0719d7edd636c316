/**
 * Child process of the memory benchmark: the appliance alone in its process (core, local API, gateway with
 * its default extensions minus the simulator), so its RSS and heap are not mixed with the publishers'.
 * Run with --expose-gc: a "settled" sample collects garbage first, which is what a leak would survive.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applianceModules } from "@mostrador/desktop/appliance/modules";
import { routesOf } from "@mostrador/kernel/core/module";
import { buildServer } from "@mostrador/kernel/api/server";
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { gatewayExtensions } from "@mostrador/gateway/extensions";
import { startGateway } from "@mostrador/gateway/gateway";
import { simulatorExtension } from "@mostrador/gateway/simulator/simulator-extension";
import { openBenchDevices } from "./gateway-fixture.js";
import type { PublisherSpec } from "./gateway-publishers.js";

export type MemoryCommand = { type: "sample"; settled: boolean } | { type: "stop" };
export type MemoryReply =
  | { type: "ready"; url: string; publishers: PublisherSpec[] }
  | { type: "sample"; rss: number; heapUsed: number; at: number; readings: number }
  | { type: "stopped" };

const devices = Number(process.argv[2] ?? 50);
const dataDir = mkdtempSync(join(tmpdir(), "mostrador-bench-mem-"));
const ctx = openApplianceCore(dataDir);
const publishers = openBenchDevices(ctx, devices);
// Every module's routes, as the appliance mounts them; the gateway is started by hand below.
const { modules } = applianceModules({ mqttPort: 0, mqttHost: "127.0.0.1", simulator: false, sync: false });
const api = await buildServer(ctx, { routes: routesOf(modules) });
const gateway = await startGateway(
  ctx,
  {
    mqttPort: 0,
    mqttHost: "127.0.0.1",
    connectRate: { max: 100_000, windowMs: 10_000 },
    extensions: gatewayExtensions.filter((e) => e !== simulatorExtension),
  },
  api,
);
await api.listen({ host: "127.0.0.1", port: 0 });
const countReadings = ctx.db.prepare("SELECT count(*) AS n FROM readings");
const send = (m: MemoryReply) => process.send?.(m);
send({ type: "ready", url: `mqtt://127.0.0.1:${gateway.port}`, publishers });

process.on("message", (command: MemoryCommand) => {
  void (async () => {
    if (command.type === "sample") {
      if (command.settled) globalThis.gc?.();
      const m = process.memoryUsage();
      const readings = (countReadings.get() as { n: number }).n;
      send({ type: "sample", rss: m.rss, heapUsed: m.heapUsed, at: Date.now(), readings });
      return;
    }
    await gateway.stop();
    await api.close();
    ctx.db.close();
    rmSync(dataDir, { recursive: true, force: true });
    send({ type: "stopped" });
    process.exit(0);
  })();
});
