import { migrationsBeside } from "@mostrador/kernel/core/module";
import type { GatewayModule } from "../extension.js";
import type { AlarmChange } from "./alarms.js";
import { alarmRoutes } from "./routes.js";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** An IoT alarm was raised, updated, acknowledged or cleared; tills refresh their badge. */
    "alarm.changed": AlarmChange;
  }
}

/** Alarms raised by rules and relays: latching, acknowledge, clear; "alarm.changed" reaches the tills. */
export const alarmsModule: GatewayModule = {
  name: "alarms",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [alarmRoutes],
  events: ["alarm.changed"],
  outboxEntities: ["alarm"],
};
