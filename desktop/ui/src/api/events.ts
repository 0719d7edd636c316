import type { ServerEvent } from "./types.js";

/**
 * Subscribes to /api/events (token in the query string: browsers cannot set headers on a WebSocket).
 * Reconnects with a growing delay so a restarting appliance is picked up again without a page reload.
 * Returns a function that closes the subscription for good.
 */
export function subscribeEvents<E extends { type: string } = ServerEvent>(
  token: string,
  onEvent: (event: E) => void,
  onReconnect?: () => void,
  onDisconnect?: () => void,
  /** Another socket of the same kind (the customer display's own: /api/customer-display/events). */
  path = "/api/events",
): () => void {
  let socket: WebSocket | null = null;
  let closed = false;
  let delay = 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let everOpened = false;

  const connect = () => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}${path}?token=${encodeURIComponent(token)}`);
    socket.onopen = () => {
      delay = 1000;
      // Events may have been missed while disconnected: let the caller refresh everything once.
      if (everOpened) onReconnect?.();
      everOpened = true;
    };
    socket.onmessage = (message) => {
      try {
        const event = JSON.parse(String(message.data)) as E;
        if (event && typeof event.type === "string") onEvent(event);
      } catch {
        // A malformed frame is ignored; the next event or reconnect refreshes the screen.
      }
    };
    socket.onclose = () => {
      if (closed) return;
      onDisconnect?.();
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 15_000);
    };
  };
  connect();

  return () => {
    closed = true;
    clearTimeout(timer);
    socket?.close();
  };
}
