import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { Aedes, type AuthenticateError, type Client } from "aedes";
import type { Ctx } from "@mostrador/kernel/core/context";
import { parseTopic } from "@mostrador/contracts/mqtt/topics";
import type { DeviceCache } from "../devices/device-cache.js";
import type { GatewayBus } from "../gateway-events.js";
import { authenticateConnect } from "./authenticate.js";
import { ConnectRateLimiter, type ConnectRateLimit } from "./connect-rate.js";
import { GatewayStats, type GatewayStatsSnapshot } from "./gateway-stats.js";
import { guardPacketSize } from "./packet-size-guard.js";
import { identityOf, INTERNAL_USERNAME, setIdentity } from "./identity.js";
import { DeviceIngest } from "./ingest.js";
import { commandFromHomeAssistant } from "../relays/home-assistant-commands.js";
import type { RelayController } from "../relays/relay-controller.js";
import { CONSUMED_TOPIC, checkPublish, checkSubscribe, mayReceive } from "./topic-policy.js";

export interface BrokerOptions {
  /** TCP port for ESP32 nodes; 0 picks a free one (tests). */
  port: number;
  host: string;
  /** Largest payload a device may publish; readings are a few bytes, so 1 KiB is generous. */
  maxPayloadBytes: number;
  connectRate: ConnectRateLimit;
  /** The relay controller that carries out Home Assistant's relay commands, once the relays extension started. */
  relays: () => RelayController | null;
  log: (message: string, err?: unknown) => void;
}

export interface MqttBroker {
  aedes: Aedes;
  port: number;
  ingest: DeviceIngest;
  /** The appliance's own credential for an in-process MQTT client; exists only in memory, new at each boot. */
  internal: { username: string; password: string; clientId: string };
  stats(): GatewayStatsSnapshot;
  /** Counts a client dropped for declaring a packet larger than MAX_MQTT_PACKET_BYTES. */
  refuseOversized(): void;
  /** Publishes as the appliance, under the same topic policy as its internal client. */
  publish(
    topic: string,
    payload: string | Buffer,
    options?: { retain?: boolean; qos?: 0 | 1 },
  ): Promise<void>;
  close(): Promise<void>;
}

/** Refusals we raise ourselves are counted by reason; only other errors count as protocol errors. */
const OWN_REFUSAL = Symbol("ownRefusal");
const ownRefusal = (message: string) => Object.assign(new Error(message), { [OWN_REFUSAL]: true });
const isOwnRefusal = (err: unknown) => typeof err === "object" && err !== null && OWN_REFUSAL in err;

function remoteAddressOf(client: Client): string {
  const socket = client.req?.socket ?? (client.conn as Partial<Socket>);
  return socket.remoteAddress ?? "unknown";
}

/** Aedes with every hook set: deny by default, count every refusal, never let one client take the broker down. */
export async function startBroker(
  ctx: Ctx,
  bus: GatewayBus,
  cache: DeviceCache,
  options: BrokerOptions,
): Promise<MqttBroker> {
  const stats = new GatewayStats(ctx.clock.now().toISOString());
  const ingest = new DeviceIngest(ctx, cache, bus, stats);
  const limiter = new ConnectRateLimiter(ctx.clock, options.connectRate);
  const internal = {
    username: INTERNAL_USERNAME,
    password: randomBytes(32).toString("base64url"),
    clientId: `${INTERNAL_USERNAME}-${randomBytes(4).toString("hex")}`,
  };
  const limits = { maxPayloadBytes: options.maxPayloadBytes };

  const aedes = await Aedes.createBroker({
    id: "mostrador-gateway",
    connectTimeout: 10_000,
    drainTimeout: 30_000,
    maxClientsIdLength: 64,
    // Aedes drops deeper topics before our hook sees them; the contract's own limit (5) is checked and counted below.
    maxTopicLevels: 16,

    preConnect(client, _packet, done) {
      if (limiter.allow(remoteAddressOf(client))) return done(null, true);
      stats.refuseConnection("rate_limited");
      done(ownRefusal("connection rate limit"), false);
    },

    authenticate(client, username, password, done) {
      const verdict = authenticateConnect(
        { ctx, cache, internalPassword: internal.password },
        { clientId: client.id, username, password, viaWebSocket: Boolean(client.req) },
      );
      if (verdict.ok) {
        setIdentity(client, verdict.identity);
        stats.connectionsAccepted++;
        return done(null, true);
      }
      stats.refuseConnection(verdict.reason);
      const err = Object.assign(ownRefusal(verdict.reason), {
        returnCode: verdict.returnCode,
      }) as AuthenticateError;
      done(err, null);
    },

    authorizePublish(client, packet, done) {
      const identity = identityOf(client);
      const parsed = identity?.kind === "home_assistant" ? parseTopic(packet.topic) : null;
      // A device is checked against its own entry; Home Assistant against the device its topic names.
      const device =
        identity?.kind === "device"
          ? cache.get(identity.slug)
          : parsed
            ? cache.get(parsed.device)
            : undefined;
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload ?? "");
      let refusal = checkPublish(identity, device, packet.topic, payload.length, limits);
      // A last will goes out because the connection dropped, not because HA asked: it never switches a relay.
      const isWill = (client as unknown as { will?: unknown } | null)?.will === packet;
      if (!refusal && parsed?.kind === "relay_set" && isWill) refusal = "not_allowed";
      if (!refusal && parsed?.kind === "relay_set" && device) {
        // Home Assistant asks; the relay controller records the command and publishes its own copy as
        // the appliance (confirmation, alarm on no echo, failsafe). HA's packet goes nowhere.
        try {
          commandFromHomeAssistant(options.relays(), device.id, parsed.key, payload);
          packet.topic = CONSUMED_TOPIC;
          packet.retain = false;
        } catch (err) {
          options.log(`Home Assistant command refused on ${parsed.device}/${parsed.key}`, err);
          refusal = "command_refused";
        }
      }
      if (refusal) {
        stats.refuseMessage(refusal);
        // MQTT 3.1.1 cannot refuse one PUBLISH: Aedes closes the connection (MQTT-3.3.5-2).
        return done(ownRefusal(`publish refused: ${refusal}`));
      }
      stats.messagesAccepted++;
      done(null);
    },

    authorizeSubscribe(client, subscription, done) {
      if (checkSubscribe(identityOf(client), subscription.topic)) return done(null, subscription);
      stats.subscriptionsRefused++;
      done(null, null); // SUBACK 128 for this filter; the client stays connected
    },

    authorizeForward(client, packet) {
      return mayReceive(identityOf(client), packet.topic) ? packet : null;
    },

    published(packet, client, done) {
      const identity = identityOf(client);
      if (identity?.kind === "device") {
        try {
          const payload = Buffer.isBuffer(packet.payload)
            ? packet.payload
            : Buffer.from(packet.payload ?? "");
          ingest.onPublish(identity, packet.topic, payload);
        } catch (err) {
          options.log("ingest failed", err);
        }
      }
      done(null);
    },
  });

  // slug → registered client, from registration (before CONNACK) so a kick right after connecting finds it.
  const deviceClients = new Map<string, Client>();
  const homeAssistantClients = new Set<Client>();
  aedes.on("client", (client) => {
    const identity = identityOf(client);
    if (identity?.kind === "device") deviceClients.set(identity.slug, client);
    if (identity?.kind === "home_assistant") homeAssistantClients.add(client);
  });
  aedes.on("clientReady", (client) => {
    const identity = identityOf(client);
    if (identity?.kind === "device") ingest.onConnected(client, identity);
  });
  aedes.on("clientDisconnect", (client) => {
    const identity = identityOf(client);
    homeAssistantClients.delete(client);
    if (identity?.kind !== "device") return;
    if (deviceClients.get(identity.slug) === client) deviceClients.delete(identity.slug);
    ingest.onDisconnected(client, identity);
  });
  aedes.on("clientError", (_client, err) => {
    if (!isOwnRefusal(err)) stats.clientErrors++;
  });
  aedes.on("connectionError", (_client, err) => {
    if (isOwnRefusal(err)) return;
    // An MQTT 5 (or 3.0) client: Aedes already answered CONNACK "unsupported protocol version".
    if ((err as { errorCode?: number }).errorCode === 1) stats.refuseConnection("unsupported_protocol");
    else stats.connectionErrors++;
  });
  // Persistence failures surface here; without a listener EventEmitter would throw and end the process.
  (aedes as unknown as NodeJS.EventEmitter).on("error", (err: unknown) => options.log("broker error", err));

  // A deactivated device, or one whose secret was rotated, is disconnected at once, not at its next reconnect.
  cache.onReload((previous) => {
    for (const [slug, before] of previous) {
      const now = cache.get(slug);
      if (now?.active && now.secretHash === before.secretHash) continue;
      deviceClients.get(slug)?.close();
    }
  });

  // Rotating or revoking Home Assistant's password drops it at once, like a device's.
  const offCredentials = ctx.bus.on("homeAssistant.credentialsChanged", () => {
    for (const client of homeAssistantClients) client.close();
    homeAssistantClients.clear();
  });

  const refuseOversized = () => stats.refuseConnection("oversized_packet");
  // Sockets that never send CONNECT are not Aedes clients yet; track them so close() does not wait on them.
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    aedes.handle(guardPacketSize(socket, refuseOversized));
  });
  server.on("error", (err) => options.log("mqtt server error", err));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;

  return {
    refuseOversized,
    aedes,
    port,
    ingest,
    internal,
    stats: () => stats.snapshot({ connections: aedes.connectedClients, devicesOnline: ingest.onlineCount }),
    publish(topic, payload, { retain = false, qos = 0 } = {}) {
      const buffer = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, "utf8");
      const refusal = checkPublish({ kind: "internal" }, undefined, topic, buffer.length, limits);
      if (refusal) return Promise.reject(new Error(`El gateway no publica en ${topic} (${refusal})`));
      return new Promise((resolve, reject) =>
        aedes.publish({ cmd: "publish", topic, payload: buffer, qos, retain, dup: false }, (err) =>
          err ? reject(err) : resolve(),
        ),
      );
    },
    async close() {
      offCredentials();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ingest.flush();
    },
  };
}
