import { accountsModule } from "./accounts/module.js";
import { cardsModule } from "./cards/module.js";
import { catalogModule } from "./catalog/module.js";
import type { CloudModule } from "./core/module.js";
import { createCustomersModule } from "./customers/module.js";
import { dashboardModule } from "./dashboard/module.js";
import { loadMigrations, migrationFolders, type Migration } from "./db/migrate.js";
import { ingestModule } from "./ingest/module.js";
import { messagingModule } from "./messaging/module.js";
import { createPaymentsModule } from "./payments/module.js";
import { purchasingModule } from "./purchasing/module.js";
import { retentionModule } from "./retention/module.js";
import { shapesModule } from "./shapes/module.js";
import { tenancyModule } from "./tenancy/module.js";
import { createTurnosModule } from "./turnos/module.js";
import { billingConfigFromEnv } from "./billing/config.js";
import { createBillingModule } from "./billing/module.js";
import { operatorConfigFromEnv } from "./operator/config.js";
import { createOperatorModule } from "./operator/module.js";
import { createPublicApiModule, perMinuteFromEnv } from "./publicapi/module.js";

// Turnos creates payment links (señas) and hears when they are paid.
const paymentsModule = createPaymentsModule({
  secrets: messagingModule.config.secrets,
  publicUrl: messagingModule.config.publicUrl,
});
import { webhooksConfigFromEnv } from "./webhooks/config.js";
import { createWebhooksModule } from "./webhooks/module.js";
import { analyticsModule } from "./analytics/module.js";
import { tenantDataConfigFromEnv } from "./tenant-data/config.js";
import { createTenantDataModule } from "./tenant-data/module.js";
import { createCampaignsModule } from "./campaigns/module.js";
import { channelsConfigFromEnv } from "./channels/config.js";
import { createChannelsModule } from "./channels/module.js";
import { sensorsModule } from "./sensors/module.js";
import { createLandingModule } from "./landing/module.js";

const billingConfig = billingConfigFromEnv(process.env, messagingModule.config.publicUrl);
const billingModule = createBillingModule(billingConfig);

/**
 * Every cloud module, in the order their routes register and their background work starts (and, in
 * reverse, stops). The only file that names them all: adding a module is its own folder, its
 * contracts and one line here.
 */
export const cloudModules: readonly CloudModule[] = [
  tenancyModule,
  dashboardModule,
  catalogModule,
  ingestModule,
  shapesModule,
  messagingModule,
  purchasingModule,
  createCustomersModule(messagingModule.config),
  accountsModule,
  cardsModule,
  paymentsModule,
  retentionModule,
  createTurnosModule(messagingModule, paymentsModule),
  billingModule,
  createOperatorModule(operatorConfigFromEnv(process.env, messagingModule.config.secrets)),
  createPublicApiModule({ perMinute: perMinuteFromEnv(process.env), messaging: messagingModule.config }),
  createWebhooksModule(
    webhooksConfigFromEnv(process.env, {
      secrets: messagingModule.config.secrets,
      publicUrl: messagingModule.config.publicUrl,
    }),
  ),
  createTenantDataModule(
    tenantDataConfigFromEnv(process.env, {
      billing: billingConfig,
      secrets: messagingModule.config.secrets,
      publicUrl: messagingModule.config.publicUrl,
    }),
  ),
  createCampaignsModule(messagingModule.config),
  createChannelsModule(
    channelsConfigFromEnv(process.env, {
      secrets: messagingModule.config.secrets,
      publicUrl: messagingModule.config.publicUrl,
    }),
  ),
  analyticsModule,
  sensorsModule,
  createLandingModule({
    messaging: messagingModule.config,
    ...(process.env.CLOUD_OPERATOR_DATABASE_URL
      ? { operatorDatabaseUrl: process.env.CLOUD_OPERATOR_DATABASE_URL }
      : {}),
  }),
];

/** The kernel's and every module's migrations, one numbered sequence. */
export function cloudMigrations(modules: readonly CloudModule[] = cloudModules): Migration[] {
  return loadMigrations(migrationFolders(modules));
}
