import { type GatewayLink, gatewayLink } from "@mostrador/gateway/gateway";
import { type GatewayManifest, gatewayModule } from "@mostrador/gateway/gateway-module";
import { alarmsModule } from "@mostrador/gateway/alarms/module";
import { devicesModule } from "@mostrador/gateway/devices/module";
import { discoveryModule } from "@mostrador/gateway/discovery/module";
import { relaysModule } from "@mostrador/gateway/relays/module";
import { rulesModule } from "@mostrador/gateway/rules/module";
import { simulatorModule } from "@mostrador/gateway/simulator/module";
import { telemetryModule } from "@mostrador/gateway/telemetry/module";
import { cardReaderNodesModule } from "@mostrador/gateway/card-readers/module";
import { syncModule } from "@mostrador/sync/module";
import { askCloudBeforeRestore } from "@mostrador/sync/upload/restore-check";
import { askCloudForAllowance } from "@mostrador/sync/download/allowance-request";
import { accountsModule } from "../accounts/module.js";
import { backupModule } from "../backup/module.js";
import { barModule } from "../bar/module.js";
import { cashModule } from "../cash/module.js";
import { catalogModule } from "../catalog/module.js";
import { customersModule } from "../customers/module.js";
import { loyaltyModule } from "../loyalty/module.js";
import type { ModuleManifest } from "@mostrador/kernel/core/module";
import { posModule } from "../pos/module.js";
import { purchasingModule } from "../purchasing/module.js";
import { receiptsModule } from "../receipts/module.js";
import { setupModule } from "../setup/module.js";
import { spreadsheetsModule } from "../spreadsheets/module.js";
import { notificationsModule } from "@mostrador/kernel/notifications/module";
import { settingsModule } from "@mostrador/kernel/shop/module";
import { staffModule } from "@mostrador/kernel/staff/module";
import { entitlementsModule } from "@mostrador/kernel/entitlements/module";
import { stockModule } from "../stock/module.js";
import { cardsModule } from "../cards/module.js";
import { cardReadersModule } from "../card-readers/module.js";
import { allowancesModule } from "../allowances/module.js";
import { invoicingModule } from "../invoicing/module.js";
import { mercadoPagoModule } from "../mercadopago/module.js";
import { turnosModule } from "../turnos/module.js";
import { customerDisplayModule } from "../customer-display/module.js";
import { onlineOrdersModule } from "../online-orders/module.js";

export interface ModulesConfig {
  mqttPort: number;
  mqttHost: string;
  /** The simulated shop's devices (MOSTRADOR_SIMULATOR). */
  simulator: boolean;
  /** Upload and download (MOSTRADOR_SYNC); sync's routes are mounted either way. */
  sync: boolean;
  /** What the gateway's routes reach the running gateway through; a fresh one unless given (tests). */
  link?: GatewayLink;
  /** Closes and reopens the appliance (a restore from Ajustes applies while it is closed); absent in tests. */
  requestRestart?: () => void;
  /** The install's key file that seals secrets (Mercado Pago's token); absent in tests (an in-memory key). */
  secretsKeyFile?: string;
}

export interface ApplianceModules {
  modules: ModuleManifest[];
  gateway: GatewayManifest;
}

/**
 * The one composition list: every module the appliance runs, in the order their routes are mounted and
 * they start (the gateway's own list in the order its extensions start: relays before the rules that
 * use them). Adding a module is one line here. The only file that imports desktop, gateway and sync
 * modules together.
 */
export function applianceModules(config: ModulesConfig): ApplianceModules {
  // The gateway's routes reach the running gateway (stats, relay commands) through this link only.
  const link = config.link ?? gatewayLink();
  const gateway = gatewayModule({ mqttPort: config.mqttPort, mqttHost: config.mqttHost, link }, [
    devicesModule(link),
    telemetryModule,
    relaysModule(link),
    rulesModule,
    alarmsModule,
    discoveryModule(link),
    ...(config.simulator ? [simulatorModule] : []),
    cardReaderNodesModule,
  ]);
  const modules = [
    staffModule,
    catalogModule,
    customersModule,
    stockModule,
    purchasingModule,
    spreadsheetsModule,
    settingsModule,
    notificationsModule,
    cashModule,
    receiptsModule,
    posModule,
    accountsModule,
    loyaltyModule,
    cardsModule,
    gateway,
    syncModule({ run: config.sync }),
    setupModule,
    backupModule({
      askCloud: askCloudBeforeRestore,
      ...(config.requestRestart ? { requestRestart: config.requestRestart } : {}),
    }),
    barModule,
    cardReadersModule(),
    allowancesModule({
      askCloud: (ctx, request, timeoutMs) => askCloudForAllowance(ctx, request, undefined, timeoutMs),
    }),
    invoicingModule(),
    mercadoPagoModule(config.secretsKeyFile ? { secretsKeyFile: config.secretsKeyFile } : { followUpMs: 0 }),
    turnosModule,
    customerDisplayModule,
    entitlementsModule(),
    onlineOrdersModule,
  ];
  return { modules, gateway };
}

/** Sync's question to the cloud before a restore, for the restore CLI (desktop/src/backup/restore-cli.ts). */
export { askCloudBeforeRestore };
