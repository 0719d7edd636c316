import type { FastifyInstance } from "fastify";
import type { Ctx } from "../core/context.js";
import type { AppEventName } from "../core/events.js";

/**
 * Pushes the committed domain events the modules list in their manifests (`events`) to connected tills
 * and tablets as `{ type, payload }`; events between modules (a registry change, a print's outcome) stay
 * inside the appliance.
 * Authenticated like any /api route (token in the query string), so a stranger on the LAN hears nothing.
 */
export function registerEventsSocket(app: FastifyInstance, ctx: Ctx, heard: ReadonlySet<AppEventName>): void {
  app.get("/api/events", { websocket: true }, (socket) => {
    const stop = ctx.bus.onAny((type, payload) => {
      if (heard.has(type) && socket.readyState === socket.OPEN)
        socket.send(JSON.stringify({ type, payload }));
    });
    socket.on("close", stop);
    socket.on("error", stop);
    // Clients never send anything meaningful; ignore input rather than parse it.
    socket.on("message", () => {});
  });
}
