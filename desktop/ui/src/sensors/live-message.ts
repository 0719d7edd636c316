/**
 * One MQTT message from the broker's WebSocket (topic contract: gateway/src/contract/topics.ts) → what changed
 * on screen. Pure, so the parsing of device payloads ("4.7", {"value":4.7,"unit":"°C"}, "ON") is tested.
 */
export type LiveUpdate =
  | { kind: "status"; slug: string; online: boolean }
  | { kind: "reading"; slug: string; key: string; value: number }
  | { kind: "relay"; slug: string; key: string; state: "ON" | "OFF" };

const ID = /^[a-z0-9_-]{1,32}$/;

function readingValue(payload: string): number | null {
  const text = payload.trim();
  if (text.startsWith("{")) {
    try {
      const value = (JSON.parse(text) as { value?: unknown }).value;
      return typeof value === "number" && Number.isFinite(value) ? value : null;
    } catch {
      return null;
    }
  }
  if (!/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export function parseLiveMessage(topic: string, payload: string): LiveUpdate | null {
  const [root, slug, a, key, b, ...rest] = topic.split("/");
  if (root !== "mostrador" || !slug || !ID.test(slug) || rest.length > 0) return null;
  if (a === "status" && key === undefined) {
    if (payload === "online" || payload === "offline")
      return { kind: "status", slug, online: payload === "online" };
    return null;
  }
  if (!key || !ID.test(key) || b !== "state") return null;
  if (a === "sensor") {
    const value = readingValue(payload);
    return value === null ? null : { kind: "reading", slug, key, value };
  }
  // relay/<key>/set is the command, not the confirmed state: only the device's echo counts.
  if (a === "relay" && (payload === "ON" || payload === "OFF"))
    return { kind: "relay", slug, key, state: payload };
  return null;
}
