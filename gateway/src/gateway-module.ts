import type { ModuleManifest } from "@mostrador/desktop/core/module";
import type { GatewayModule } from "./extensions.js";
import { type RunningGateway, startGateway } from "./gateway.js";

export interface GatewayModuleConfig {
  /** MQTT over TCP for the ESP32 nodes. */
  mqttPort: number;
  mqttHost: string;
}

/** The gateway as one appliance module: its modules' routes and manifests, and a broker that may fail alone. */
export interface GatewayManifest extends ModuleManifest {
  /** The running gateway; null before start, after stop, or when it could not start. */
  running(): RunningGateway | null;
}

/**
 * Composes the gateway's modules, zigbee2mqtt-style: their routes are mounted with the appliance's, and
 * their extensions start, in list order, once the broker listens (also on the API's /mqtt WebSocket). A
 * broker that cannot start (port 1883 taken by another broker, say) is logged and the till keeps selling.
 */
export function gatewayModule(
  config: GatewayModuleConfig,
  modules: readonly GatewayModule[],
): GatewayManifest {
  let gateway: RunningGateway | null = null;
  return {
    name: "gateway",
    routes: modules.flatMap((m) => m.routes ?? []),
    events: modules.flatMap((m) => m.events ?? []),
    outboxEntities: modules.flatMap((m) => m.outboxEntities ?? []),
    running: () => gateway,
    async start({ ctx, api }) {
      const extensions = modules.flatMap((m) => (m.extension ? [m.extension] : []));
      try {
        gateway = await startGateway(
          ctx,
          { mqttPort: config.mqttPort, mqttHost: config.mqttHost, extensions },
          api,
        );
      } catch (err) {
        console.error(
          `El gateway de sensores no pudo iniciar (MQTT puerto ${config.mqttPort}); la caja sigue funcionando:`,
          err,
        );
        return undefined;
      }
      const started = gateway;
      return {
        async stop() {
          await started.stop();
          gateway = null;
        },
      };
    },
  };
}
