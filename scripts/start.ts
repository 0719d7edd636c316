/**
 * `npm start`: the embedded cloud (PGlite) and the appliance side by side, with the demo tenant's store
 * already paired to this appliance — so a sale at the till shows up on the owner's dashboard.
 * MOSTRADOR_CLOUD=0 starts the appliance alone (as a shop PC does when its cloud is elsewhere).
 * MOSTRADOR_DEMO=0 means no demo at all: no demo shop, simulator, cloud tenant or pairing (the defaults of
 * MOSTRADOR_SIMULATOR and CLOUD_DEMO follow it; see the loaders), and no demo logins printed.
 */
import { startCloud, loadCloudConfig, type RunningCloud } from "../cloud/src/start.js";
import { systemClock } from "../cloud/src/core/clock.js";
import { DEMO_OWNER } from "../cloud/src/demo.js";
import { createPairingCode } from "../cloud/src/tenancy/pairing.js";
import { startAppliance } from "../desktop/src/appliance/appliance.js";
import { applianceBanner, closeOnSignals } from "../desktop/src/appliance/banner.js";
import { loadConfig } from "../desktop/src/appliance/config.js";
import { enrollAppliance } from "../sync/src/upload/enroll.js";
import { readCredentials } from "../sync/src/upload/upload-state.js";

const config = loadConfig();
const withCloud = (process.env.MOSTRADOR_CLOUD ?? "1") !== "0";
const cloud: RunningCloud | null = withCloud ? await startCloud(loadCloudConfig()) : null;
const appliance = await startAppliance(config);

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
