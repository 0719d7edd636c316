import type { Ctx } from "@mostrador/kernel/core/context";
import type { GatewayBus } from "../gateway-events.js";
import type { RelayController } from "../relays/relay-controller.js";
import { RuleEngine } from "./rule-engine.js";

export interface RulesExtension {
  name: "rules";
  engine: RuleEngine;
  start(): void;
  stop(): void;
}

/**
 * Feeds the gateway bus to the rule engine and ticks it every second (durations, offline timers,
 * schedule windows). Hears the till's manual alarm clears on the appliance bus.
 */
export function createRulesExtension(
  ctx: Ctx,
  bus: GatewayBus,
  relays?: RelayController | null,
  options: { tickMs?: number; onError?: (error: unknown) => void } = {},
): RulesExtension {
  const engine = new RuleEngine(ctx, relays);
  if (options.onError) engine.onError = options.onError;
  const guarded = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      engine.onError(error);
    }
  };
  const offs: (() => void)[] = [];
  let timer: NodeJS.Timeout | null = null;
  return {
    name: "rules",
    engine,
    start() {
      engine.load();
      offs.push(
        // Once per accepted reading: try/catch inline rather than through guarded(), no closure per reading.
        bus.on("reading", (r) => {
          try {
            engine.handle(r.deviceId, { type: "reading", key: r.key, value: r.value, at: r.at });
          } catch (error) {
            engine.onError(error);
          }
        }),
        bus.on("device.online", (e) =>
          guarded(() => engine.handle(e.deviceId, { type: "online", at: e.at })),
        ),
        bus.on("device.offline", (e) =>
          guarded(() => engine.handle(e.deviceId, { type: "offline", at: e.at })),
        ),
        ctx.bus.on("alarm.changed", (c) => {
          if (c.status === "cleared" && c.ruleId) engine.forgetActive(c.ruleId);
        }),
      );
      timer = setInterval(() => guarded(() => engine.tick()), options.tickMs ?? 1000);
      timer.unref();
    },
    stop() {
      for (const off of offs.splice(0)) off();
      if (timer) clearInterval(timer);
      timer = null;
      guarded(() => engine.flush());
      engine.close();
    },
  };
}
