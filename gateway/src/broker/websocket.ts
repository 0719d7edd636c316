import type { FastifyInstance } from "fastify";
import { createWebSocketStream } from "ws";
import type { MqttBroker } from "./broker.js";
import { guardPacketSize } from "./packet-size-guard.js";

export const MQTT_WS_PATH = "/mqtt";

/**
 * MQTT over WebSocket on the appliance's own HTTP server, for the UI (mqtt.js in the browser). Not under
 * /api, so the bearer-token hook does not apply: the MQTT CONNECT itself carries the staff session token.
 * Must be called before the Fastify app starts listening.
 */
export function registerMqttWebSocket(
  app: FastifyInstance,
  broker: Pick<MqttBroker, "aedes" | "refuseOversized">,
): void {
  app.get(MQTT_WS_PATH, { websocket: true, config: { public: true } }, (socket, request) => {
    const stream = createWebSocketStream(socket);
    stream.on("error", () => stream.destroy());
    broker.aedes.handle(guardPacketSize(stream, broker.refuseOversized), request.raw);
  });
}
