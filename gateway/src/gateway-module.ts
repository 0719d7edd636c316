import type { ModuleManifest } from "@mostrador/kernel/core/module";
import type { GatewayModule } from "./extension.js";
import { type GatewayLink, type RunningGateway, startGateway } from "./gateway.js";

export interface GatewayModuleConfig {
  /** MQTT over TCP for the ESP32 nodes. */
  mqttPort: number;
  mqttHost: string;
  /** The link the modules' routes were given (gatewayLink()): filled while the gateway runs. */
  link: GatewayLink;
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
  return {
    name: "gateway",
    migrations: modules.flatMap((m) => m.migrations ?? []),
    routes: modules.flatMap((m) => m.routes ?? []),
    events: modules.flatMap((m) => m.events ?? []),
    outboxEntities: modules.flatMap((m) => m.outboxEntities ?? []),
    running: () => config.link.gateway,
    async start({ ctx, api }) {
      const extensions = modules.flatMap((m) => (m.extension ? [m.extension] : []));
      const { mqttPort, mqttHost, link } = config;
      let gateway: RunningGateway;
      try {
        gateway = await startGateway(ctx, { mqttPort, mqttHost, extensions, link }, api);
      } catch (err) {
        console.error(
          `El gateway de sensores no pudo iniciar (MQTT puerto ${mqttPort}); la caja sigue funcionando:`,
          err,
        );
        return undefined;
      }
      return { stop: () => gateway.stop() };
    },
  };
}
