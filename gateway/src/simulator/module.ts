import type { GatewayModule } from "../extension.js";
import { simulatorExtension } from "./simulator-extension.js";

/** The simulated shop: five devices speaking the real contract with real credentials. */
export const simulatorModule: GatewayModule = {
  name: "simulator",
  extension: simulatorExtension,
};
