import { describe, expect, it } from "vitest";
import { type GatewayStats, refusalRows } from "./gateway-traffic.js";

const stats = (over: Partial<GatewayStats> = {}): GatewayStats => ({
  mqttPort: 1883,
  devicesOnline: 2,
  connections: { current: 2, accepted: 5, refused: {} },
  messages: { accepted: 100, refused: {} },
  readings: { accepted: 90, malformed: {} },
  subscriptions: { refused: 0 },
  protocolErrors: { clientError: 0, connectionError: 0 },
  ...over,
});

describe("gateway traffic", () => {
  it("shows nothing refused for a quiet gateway", () => {
    expect(refusalRows(stats())).toEqual([]);
  });

  it("lists every refused kind with its count, the largest first", () => {
    const rows = refusalRows(
      stats({
        connections: { current: 1, accepted: 3, refused: { bad_credentials: 4, rate_limited: 0 } },
        messages: { accepted: 10, refused: { payload_too_large: 1 } },
        readings: { accepted: 9, malformed: { out_of_range: 7 } },
        subscriptions: { refused: 2 },
        protocolErrors: { clientError: 0, connectionError: 3 },
      }),
    );
    expect(rows).toEqual([
      { group: "readings", reason: "out_of_range", count: 7 },
      { group: "connections", reason: "bad_credentials", count: 4 },
      { group: "protocol", reason: "connectionError", count: 3 },
      { group: "subscriptions", reason: "refused", count: 2 },
      { group: "messages", reason: "payload_too_large", count: 1 },
    ]);
  });
});
