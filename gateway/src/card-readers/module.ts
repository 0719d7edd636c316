import type { GatewayExtensionFactory, GatewayModule } from "../extension.js";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /**
     * A card tapped on an ESP32 node's reader, as the broker accepted it (own topic, UID checked). Heard by
     * the appliance's card readers (desktop/src/card-readers), which know which reader and till it is and
     * publish `card_tapped`; kept inside the appliance (not listed in `events`).
     */
    "card_reader.node_tap": { slug: string; key: string; uid: string; at: string };
  }
}

/** Hands every node tap from the gateway's bus to the appliance's bus (the gateway never knows the tills). */
const nodeTapExtension: GatewayExtensionFactory = (g) => {
  let stop: (() => void) | null = null;
  return {
    name: "card-readers",
    start() {
      stop = g.bus.on("reader.tap", (tap) =>
        g.ctx.bus.emit("card_reader.node_tap", {
          slug: tap.slug,
          key: tap.key,
          uid: tap.uid,
          at: new Date(tap.at).toISOString(),
        }),
      );
    },
    stop() {
      stop?.();
      stop = null;
    },
  };
};

/** ESP32 card reader nodes: their taps on mostrador/<slug>/reader/<key>/tap, passed on to the appliance. */
export const cardReaderNodesModule: GatewayModule = {
  name: "card-reader-nodes",
  extension: nodeTapExtension,
};
