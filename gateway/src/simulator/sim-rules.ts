import type { Ctx } from "@mostrador/kernel/core/context";
import { seedRuleSet } from "../rules/seed-rule-sets.js";
import type { SimCredentials } from "./register-devices.js";

/**
 * Seeds the usual rules for the simulated devices the first time they are created, so the demo shows a
 * rule firing and an alarm: the fridge door the simulator leaves open trips "puerta abierta más de 3
 * minutos", the fridge and freezer have their temperature rules, and the soil sensor drives the valve.
 * Editable or deletable from the UI like any rule; never re-seeded on later starts.
 */
export function seedSimRules(ctx: Ctx, created: readonly SimCredentials[]): number {
  const id = (slug: string) => created.find((c) => c.slug === slug)?.deviceId;
  const fridge = id("sim-heladera");
  const freezer = id("sim-freezer");
  const irrigation = id("sim-riego");
  let count = 0;
  const cold = [
    ...(fridge
      ? [
          { role: "fridge" as const, deviceId: fridge },
          { role: "door" as const, deviceId: fridge },
        ]
      : []),
    ...(freezer ? [{ role: "freezer" as const, deviceId: freezer }] : []),
  ];
  if (cold.length > 0) count += seedRuleSet(ctx, "carniceria", cold).length;
  if (irrigation) count += seedRuleSet(ctx, "riego", [{ role: "irrigation", deviceId: irrigation }]).length;
  return count;
}
