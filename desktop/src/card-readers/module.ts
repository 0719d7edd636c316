import type { CardTapped } from "@mostrador/contracts/http/card-readers";
import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { CardReaderHub } from "./hub.js";
import { cardReaderRoutes } from "./routes.js";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** A card was tapped on a reader; the screens of `terminalId` (every screen when null) act on it. */
    card_tapped: CardTapped;
    /** A reader was added, changed or removed (committed): the running readers reopen with it. */
    "card_readers.changed": { readerId: string };
  }
}

/**
 * Card readers (issue 15): keyboard-wedge, serial (MFRC522 / PN532 / EM4100) and ESP32 nodes over MQTT
 * (their taps come from the gateway's card-reader-nodes module). README.md beside this file.
 */
export function cardReadersModule(): ModuleManifest {
  // Shared by the routes (state and last tap in Ajustes) and start (the running readers).
  const running: { hub: CardReaderHub | null } = { hub: null };
  return {
    name: "card-readers",
    migrations: [migrationsBeside(import.meta.url)],
    routes: [cardReaderRoutes(running)],
    events: ["card_tapped"],
    start: ({ ctx, log }) => {
      const hub = new CardReaderHub(ctx, { log });
      hub.start();
      running.hub = hub;
      return {
        stop: async () => {
          running.hub = null;
          await hub.stop();
        },
      };
    },
  };
}
