import type { GatewayExtensionFactory } from "./extension.js";
import { discoveryExtension } from "./discovery/discovery-extension.js";
import { relayExtension, rulesExtension, telemetryExtension } from "./rules/gateway-extensions.js";
import { simulatorExtension } from "./simulator/simulator-extension.js";

/** startGateway's default extensions (tests, benchmarks), in start order; the appliance composes modules instead. */
export const gatewayExtensions: GatewayExtensionFactory[] = [
  telemetryExtension,
  relayExtension,
  rulesExtension,
  discoveryExtension,
  simulatorExtension,
];
