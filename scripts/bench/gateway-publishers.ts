/**
 * Child process of the gateway benchmarks: N mqtt.js clients publishing readings, on the machine's other
 * core so the broker under test has one to itself. Driven over IPC (see PublisherCommand); the same
 * publishers and payloads hit the raw Aedes baseline and the gateway, so their ratio compares the brokers.
 */
import mqtt, { type MqttClient } from "mqtt";

export interface PublisherSpec {
  clientId: string;
  username?: string;
  password?: string;
  topic: string;
}

export type PublisherCommand =
  | { type: "connect"; url: string; clients: PublisherSpec[] }
  /** `perClient` readings from every client as fast as the broker takes them (a window of WINDOW in flight). */
  | { type: "burst"; perClient: number; qos: 0 | 1 }
  | { type: "disconnect" };

export type PublisherReply =
  | { type: "connected" }
  /** Every publish was handed to the socket (QoS 0) or acknowledged (QoS 1). */
  | { type: "sent"; ms: number }
  | { type: "disconnected" }
  | { type: "error"; message: string };

/** Plausible fridge temperatures, 4.0 to 6.9 °C: never above the benchmark rule's threshold. */
export const readingPayload = (i: number) => (4 + (i % 30) / 10).toFixed(1);

let clients: MqttClient[] = [];
const reply = (message: PublisherReply) => process.send?.(message);

function connectOne(url: string, spec: PublisherSpec): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, {
      clientId: spec.clientId,
      username: spec.username,
      password: spec.password,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      keepalive: 60,
    });
    client.once("connect", () => resolve(client));
    client.once("error", reject);
  });
}

/** Publishes still waiting for their callback, per client: enough to keep the socket full, not a flood of listeners. */
const WINDOW = 200;

async function burst(specs: PublisherSpec[], perClient: number, qos: 0 | 1): Promise<void> {
  const t0 = process.hrtime.bigint();
  await Promise.all(
    clients.map(
      (client, c) =>
        new Promise<void>((resolve, reject) => {
          const topic = (specs[c] as PublisherSpec).topic;
          let next = 0;
          let done = 0;
          const pump = () => {
            if (next < perClient) client.publish(topic, readingPayload(next++), { qos }, onDone);
          };
          const onDone = (err?: Error) => {
            if (err) return reject(err);
            if (++done === perClient) return resolve();
            pump();
          };
          for (let i = 0; i < WINDOW; i++) pump();
        }),
    ),
  );
  reply({ type: "sent", ms: Number(process.hrtime.bigint() - t0) / 1e6 });
}

let specs: PublisherSpec[] = [];
process.on("message", (command: PublisherCommand) => {
  void (async () => {
    try {
      if (command.type === "connect") {
        specs = command.clients;
        clients = await Promise.all(specs.map((s) => connectOne(command.url, s)));
        reply({ type: "connected" });
      } else if (command.type === "burst") {
        await burst(specs, command.perClient, command.qos);
      } else {
        await Promise.all(clients.map((c) => c.endAsync()));
        clients = [];
        reply({ type: "disconnected" });
      }
    } catch (err) {
      reply({ type: "error", message: String(err) });
    }
  })();
});
process.on("disconnect", () => process.exit(0));
