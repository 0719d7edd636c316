import type { Ctx } from "@mostrador/kernel/core/context";
import type { GatewayBus } from "../gateway-events.js";
import { type Publish, RelayController } from "./relay-controller.js";

export interface RelayExtension {
  name: "relays";
  controller: RelayController;
  start(): void;
  stop(): void;
}

/** Wires the relay controller to the gateway bus ("relay.state" echoes) and a one-second tick. */
export function createRelayExtension(
  ctx: Ctx,
  bus: GatewayBus,
  publish: Publish,
  options: { confirmTimeoutMs?: number; tickMs?: number; onError?: (error: unknown) => void } = {},
): RelayExtension {
  const controller = new RelayController(ctx, publish, options);
  const onError = options.onError ?? ((error: unknown) => console.error("relés:", error));
  let off: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  const guarded = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      onError(error);
    }
  };
  return {
    name: "relays",
    controller,
    start() {
      off = bus.on("relay.state", (e) => guarded(() => controller.onState(e)));
      timer = setInterval(() => guarded(() => controller.tick()), options.tickMs ?? 1000);
      timer.unref();
    },
    stop() {
      off?.();
      off = null;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
