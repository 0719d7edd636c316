/** What GET /api/gateway/stats answers (gateway/src/broker/gateway-stats.ts), as far as the screen needs. */
export interface GatewayStats {
  mqttPort: number;
  devicesOnline: number;
  connections: { current: number; accepted: number; refused: Record<string, number> };
  messages: { accepted: number; refused: Record<string, number> };
  readings: { accepted: number; malformed: Record<string, number> };
  subscriptions: { refused: number };
  protocolErrors: { clientError: number; connectionError: number };
}

export type RefusalGroup = "connections" | "messages" | "readings" | "subscriptions" | "protocol";

export interface RefusalRow {
  group: RefusalGroup;
  reason: string;
  count: number;
}

/** Every refused or malformed kind of traffic with a non-zero count, the largest first. */
export function refusalRows(stats: GatewayStats): RefusalRow[] {
  const rows: RefusalRow[] = [];
  const add = (group: RefusalGroup, counts: Record<string, number>) => {
    for (const [reason, count] of Object.entries(counts)) if (count > 0) rows.push({ group, reason, count });
  };
  add("connections", stats.connections.refused);
  add("messages", stats.messages.refused);
  add("readings", stats.readings.malformed);
  add("subscriptions", { refused: stats.subscriptions.refused });
  add("protocol", stats.protocolErrors);
  return rows.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
