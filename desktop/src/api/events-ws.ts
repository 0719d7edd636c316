import type { FastifyInstance } from "fastify";
import type { Ctx } from "../core/context.js";

/**
 * Pushes every committed domain event to connected tills and tablets as `{ type, payload }`.
 * Authenticated like any /api route (token in the query string), so a stranger on the LAN hears nothing.
 */
export function registerEventsSocket(app: FastifyInstance, ctx: Ctx): void {
  app.get("/api/events", { websocket: true }, (socket) => {
    const stop = ctx.bus.onAny((type, payload) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type, payload }));
    });
    socket.on("close", stop);
    socket.on("error", stop);
    // Clients never send anything meaningful; ignore input rather than parse it.
    socket.on("message", () => {});
  });
}
