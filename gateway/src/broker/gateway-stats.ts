/** What the gateway has seen since boot; GET /api/gateway/stats shows it (a snapshot, not history). */
export interface GatewayStatsSnapshot {
  startedAt: string;
  connections: { current: number; accepted: number; refused: Record<string, number> };
  devicesOnline: number;
  messages: { accepted: number; refused: Record<string, number> };
  readings: { accepted: number; malformed: Record<string, number> };
  subscriptions: { refused: number };
  /** Clients dropped for malformed MQTT or transport errors (Aedes "clientError" / "connectionError"). */
  protocolErrors: { clientError: number; connectionError: number };
}

function bump(counts: Record<string, number>, reason: string): void {
  counts[reason] = (counts[reason] ?? 0) + 1;
}

/** Plain counters: incremented on the hot path, so no allocation beyond the first of each reason. */
export class GatewayStats {
  connectionsAccepted = 0;
  messagesAccepted = 0;
  readingsAccepted = 0;
  subscriptionsRefused = 0;
  clientErrors = 0;
  connectionErrors = 0;
  readonly connectionsRefused: Record<string, number> = {};
  readonly messagesRefused: Record<string, number> = {};
  readonly readingsMalformed: Record<string, number> = {};

  constructor(readonly startedAt: string) {}

  refuseConnection(reason: string): void {
    bump(this.connectionsRefused, reason);
  }

  refuseMessage(reason: string): void {
    bump(this.messagesRefused, reason);
  }

  malformedReading(reason: string): void {
    bump(this.readingsMalformed, reason);
  }

  snapshot(live: { connections: number; devicesOnline: number }): GatewayStatsSnapshot {
    return {
      startedAt: this.startedAt,
      connections: {
        current: live.connections,
        accepted: this.connectionsAccepted,
        refused: { ...this.connectionsRefused },
      },
      devicesOnline: live.devicesOnline,
      messages: { accepted: this.messagesAccepted, refused: { ...this.messagesRefused } },
      readings: { accepted: this.readingsAccepted, malformed: { ...this.readingsMalformed } },
      subscriptions: { refused: this.subscriptionsRefused },
      protocolErrors: { clientError: this.clientErrors, connectionError: this.connectionErrors },
    };
  }
}
