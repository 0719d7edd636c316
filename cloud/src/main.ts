/**
 * `tsx cloud/src/main.ts`: the cloud service on its own (PGlite unless CLOUD_DATABASE_URL is set).
 * Prints `MOSTRADOR_CLOUD_READY <url>` once listening.
 */
import { DEMO_OWNER } from "./demo.js";
import { loadCloudConfig, startCloud } from "./start.js";

const config = loadCloudConfig();
// Channel secrets are sealed with CLOUD_SECRETS_KEY; the development key is for the embedded cloud only.
if (config.databaseUrl && !process.env.CLOUD_SECRETS_KEY) {
  console.error(
    "Falta CLOUD_SECRETS_KEY (32 bytes en hex o base64): sin ella la nube no guarda secretos de canales.",
  );
  process.exit(1);
}
const cloud = await startCloud(config);
console.log(`
  Nube de Mostrador lista (${cloud.database === "pglite" ? `PGlite en ${config.dataDir}/cloud` : "PostgreSQL"}).
    API: ${cloud.url}/v1`);
if (cloud.demo) console.log(`    Demo: ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
console.log(`MOSTRADOR_CLOUD_READY ${cloud.url}`);

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`Cerrando la nube (${signal})…`);
  await cloud.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
