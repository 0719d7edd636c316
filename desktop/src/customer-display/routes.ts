import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  CustomerDisplayAnswer,
  type CustomerDisplayEvent,
  CustomerDisplayStateSchema,
} from "@mostrador/contracts/http/customer-display";
import { terminalOf } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { displayRelay } from "./relay.js";

/** WebSocket close code "policy violation": a session with no till has no display to follow. */
const NO_TERMINAL_CLOSE = 1008;

/**
 * The customer display's three routes, all for the session's own till (terminalOf): the till publishes,
 * a display reads the latest state and follows it on its socket. A session on another till never sees it.
 */
export const customerDisplayRoutes: RoutesFactory = () => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const relay = displayRelay();

  app.post("/customer-display", { schema: { body: CustomerDisplayStateSchema } }, async (request, reply) => {
    relay.publish(terminalOf(request), request.body);
    return reply.code(204).send();
  });

  app.get("/customer-display", { schema: { response: { 200: CustomerDisplayAnswer } } }, async (request) => {
    const terminalId = terminalOf(request);
    return { terminalId, state: relay.current(terminalId) };
  });

  app.get("/customer-display/events", { websocket: true }, (socket, request) => {
    const terminalId = request.principal?.terminalId;
    if (!terminalId) return socket.close(NO_TERMINAL_CLOSE, "no_terminal");
    const send = (state: CustomerDisplayEvent["payload"]["state"]) => {
      const event: CustomerDisplayEvent = { type: "customer_display", payload: { terminalId, state } };
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
    };
    // The current state first, so a display opened mid-sale shows the ticket at once.
    send(relay.current(terminalId));
    const stop = relay.listen(terminalId, send);
    socket.on("close", stop);
    socket.on("error", stop);
    socket.on("message", () => {});
  });
};
