import { create } from "zustand";
import { type LiveUpdate, parseLiveMessage } from "./live-message.js";

/**
 * Live state pushed by the gateway's MQTT broker over WebSocket (`/mqtt`, username "staff", password = the
 * session token, read-only, `mostrador/#`). Status and relay states are retained, so they arrive at once on
 * subscribe; readings arrive as devices publish them (every few seconds). The REST API fills in what
 * happened before the screen opened (charts, last reading).
 */
interface LiveStore {
  connected: boolean;
  /** `${slug}/${key}` → the latest reading and when it arrived (browser clock, epoch ms). */
  readings: Record<string, { value: number; at: number }>;
  /** slug → online, from the retained status topic (the device's last will says "offline"). */
  online: Record<string, boolean>;
  /** slug → when anything was last heard from it. */
  heardAt: Record<string, number>;
  /** `${slug}/${key}` → the relay state the device confirmed. */
  relays: Record<string, "ON" | "OFF">;
  apply(update: LiveUpdate, at: number): void;
  setConnected(connected: boolean): void;
}

export const useLive = create<LiveStore>()((set, get) => ({
  connected: false,
  readings: {},
  online: {},
  heardAt: {},
  relays: {},
  apply: (u, at) => {
    const s = get();
    const heardAt = { ...s.heardAt, [u.slug]: at };
    if (u.kind === "status") set({ online: { ...s.online, [u.slug]: u.online }, heardAt });
    if (u.kind === "reading")
      set({
        readings: { ...s.readings, [`${u.slug}/${u.key}`]: { value: u.value, at } },
        online: { ...s.online, [u.slug]: true },
        heardAt,
      });
    if (u.kind === "relay") set({ relays: { ...s.relays, [`${u.slug}/${u.key}`]: u.state }, heardAt });
  },
  setConnected: (connected) => set({ connected }),
}));

/**
 * Connects while a screen needs live values; returns the disconnect. mqtt.js is loaded on demand so the till's
 * own bundle stays small (the sensors screen is the only user).
 */
export function connectLive(token: string): () => void {
  let stopped = false;
  let end: (() => void) | null = null;
  void import("mqtt").then(({ default: mqtt }) => {
    if (stopped) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const client = mqtt.connect(`${scheme}://${location.host}/mqtt`, {
      username: "staff",
      password: token,
      // Aedes speaks MQTT 3.1.1 only (gateway/README.md): v5 would be refused.
      protocolVersion: 4,
      reconnectPeriod: 5_000,
      connectTimeout: 10_000,
    });
    const live = useLive.getState();
    client.on("connect", () => {
      live.setConnected(true);
      client.subscribe("mostrador/#", { qos: 0 });
    });
    client.on("close", () => live.setConnected(false));
    client.on("message", (topic, payload) => {
      const update = parseLiveMessage(topic, payload.toString());
      if (update) useLive.getState().apply(update, Date.now());
    });
    end = () => client.end(true);
  });
  return () => {
    stopped = true;
    end?.();
    useLive.getState().setConnected(false);
  };
}
