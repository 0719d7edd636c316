import type { GatewayExtension, GatewayExtensionFactory, GatewayHandle } from "../extension.js";
import { createSimulator, type SimulatorOptions } from "./simulator.js";

const log = (message: string, err?: unknown) => console.error(`[simulator] ${message}`, err ?? "");

/**
 * The simulator as a gateway extension. It connects to the broker over TCP on loopback like any node.
 * Whether it runs is the appliance's choice (MOSTRADOR_SIMULATOR), made by leaving it out of the list.
 */
export function simulatorExtensionWith(options: Partial<SimulatorOptions> = {}): GatewayExtensionFactory {
  return (g: GatewayHandle): GatewayExtension => {
    const simulator = createSimulator(g.ctx, { log, ...options });
    return {
      name: "simulator",
      async start() {
        await simulator.start(`mqtt://127.0.0.1:${g.port}`).catch((err) => log("could not start", err));
      },
      async stop() {
        await simulator.stop();
      },
    };
  };
}

/** MOSTRADOR_SIM_CARD_READER=1 adds the bar's card reader node, tapping a card every minute. */
export const simulatorExtension: GatewayExtensionFactory = simulatorExtensionWith(
  process.env.MOSTRADOR_SIM_CARD_READER === "1" ? { cardReaderNode: true, cardTapEveryMs: 60_000 } : {},
);
