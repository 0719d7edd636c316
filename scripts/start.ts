/**
 * `npm start`: the embedded cloud (PGlite) and the appliance side by side, with the demo tenant's store
 * already paired to this appliance — so a sale at the till shows up on the owner's dashboard.
 * MOSTRADOR_CLOUD=0 starts the appliance alone (as a shop PC does when its cloud is elsewhere).
 * MOSTRADOR_DEMO=0 means no demo at all: no demo shop, simulator, cloud tenant or pairing (the defaults of
 * MOSTRADOR_SIMULATOR and CLOUD_DEMO follow it; see the loaders), and no demo logins printed.
 */
import { startCloud, loadCloudConfig, type RunningCloud } from "@mostrador/cloud/start";
import { systemClock } from "@mostrador/cloud/core/clock";
import { DEMO_OWNER } from "@mostrador/cloud/demo";
import { createPairingCode } from "@mostrador/cloud/tenancy/pairing";
import { startAppliance } from "@mostrador/desktop/appliance/appliance";
import { applianceBanner, closeOnSignals } from "@mostrador/desktop/appliance/banner";
import { loadConfig } from "@mostrador/desktop/appliance/config";
import { enrollAppliance } from "@mostrador/sync/upload/enroll";
import { readCredentials } from "@mostrador/sync/upload/upload-state";

const config = loadConfig();
const withCloud = (process.env.MOSTRADOR_CLOUD ?? "1") !== "0";
const cloud: RunningCloud | null = withCloud ? await startCloud(loadCloudConfig()) : null;
// A restore from Ajustes restarts the appliance: the signals then close the new instance.
let appliance = await startAppliance(config, {
  onRestarted(next) {
    appliance = next;
    console.log(`MOSTRADOR_READY ${next.url}`);
  },
});

// First start of the demo: pair the appliance with the demo store, exactly as a cashier would with the
// code the owner sees on the dashboard — only typed by this script instead of a person.
if (cloud?.demo && !readCredentials(appliance.ctx.db)) {
  const { code } = await createPairingCode(cloud.sql, cloud.demo.tenantId, cloud.demo.storeId, systemClock);
  await enrollAppliance(appliance.ctx, { cloudUrl: cloud.url, code, name: "Caja principal (demo)" });
}

const lines = applianceBanner(appliance, config);
if (cloud) {
  lines.push(
    `    Nube:        ${cloud.url}  (panel del dueño; base ${cloud.database === "pglite" ? "PGlite embebida" : "PostgreSQL"})`,
  );
  if (cloud.demo) lines.push(`      Dueño demo: ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
  else if (!readCredentials(appliance.ctx.db))
    lines.push("      Sin tienda de demo: esta caja no está vinculada a ninguna tienda de la nube.");
}
console.log(lines.join("\n"));
console.log(`MOSTRADOR_READY ${appliance.url}`);
closeOnSignals(async () => {
  await appliance.close();
  await cloud?.close();
});
