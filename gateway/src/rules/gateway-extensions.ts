import type { GatewayExtensionFactory } from "../extension.js";
import { createRelayExtension } from "../relays/relay-extension.js";
import { createTelemetryExtension } from "../telemetry/telemetry-extension.js";
import { createRulesExtension } from "./rules-extension.js";

const log = (what: string) => (error: unknown) => console.error(`[gateway] ${what}:`, error);

/** Stores readings in batches, rolls them up and prunes old ones. */
export const telemetryExtension: GatewayExtensionFactory = (g) =>
  createTelemetryExtension(g.ctx, g.bus, { onError: log("telemetry") });

/** Relay commands with confirmation, timed OFFs and the failsafe; publishes as the appliance's own client. */
export const relayExtension: GatewayExtensionFactory = (g) => {
  const relays = createRelayExtension(
    g.ctx,
    g.bus,
    (topic, payload) => void g.publishInternal(topic, payload, { qos: 1 }).catch(log("relay publish")),
    { onError: log("relays") },
  );
  return {
    name: relays.name,
    start() {
      relays.start();
      g.provideRelays(relays.controller);
    },
    stop() {
      g.provideRelays(null);
      relays.stop();
    },
  };
};

/** The rule engine, with the relay controller the relays extension (started before it) provided. */
export const rulesExtension: GatewayExtensionFactory = (g) =>
  createRulesExtension(g.ctx, g.bus, g.relays(), { onError: log("rules") });
