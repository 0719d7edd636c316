import { serializeReading } from "@mostrador/contracts/mqtt/reading";
import { parseRelayCommand } from "@mostrador/contracts/mqtt/relay-command";
import { RELAY_ON, serializeRelayState } from "@mostrador/contracts/mqtt/relay-state";
import { serializeStatus } from "@mostrador/contracts/mqtt/status";
import { serializeReaderTap } from "@mostrador/contracts/mqtt/reader-tap";
import { parseTopic, topics } from "@mostrador/contracts/mqtt/topics";
import mqtt, { type MqttClient } from "mqtt";
import type { Ctx } from "@mostrador/kernel/core/context";
import { getSettings } from "@mostrador/kernel/shop/settings";
import type { NewDevice } from "../devices/devices.js";
import { SENSOR_KINDS } from "@mostrador/contracts/mqtt/sensor-kinds";
import { localHourFn } from "./local-hour.js";
import { SeededRandom } from "./random.js";
import { registerSimDevices, type SimCredentials } from "./register-devices.js";
import { SIM_CARD_READER, SIM_CARDS, SIM_DEVICES, SIM_READER_KEY, type SimSlug } from "./sim-devices.js";
import { seedSimRules } from "./sim-rules.js";
import {
  advanceWorld,
  commandRelay,
  createWorld,
  holdDoorOpen,
  stepWorld,
  type WorldEnv,
  type WorldState,
} from "./world.js";

export interface SimulatorOptions {
  /** mqtt://host:port of the gateway's broker (or given to start()). */
  brokerUrl?: string;
  seed?: number;
  /** How often the world advances to the clock's time (door changes are published at once). */
  tickMs?: number;
  /** How often every sensor publishes its reading. */
  publishIntervalMs?: number;
  /** The demo's "fridge door left open": every this often (simulated time; 0 = never) … */
  demoDoorEveryMs?: number;
  /** … held open this long (longer than the 3-minute door rule). */
  demoDoorOpenSeconds?: number;
  /** The first time comes sooner, so a newcomer sees the alarm a few minutes after `npm start`. */
  demoDoorFirstAfterMs?: number;
  /** Seed the demo's rules when the devices are first created (default true). */
  seedRules?: boolean;
  /** Shop hours (local hours), which drive customers, the door and the base load. */
  openFrom?: number;
  openTo?: number;
  /** Also simulate the bar's card reader node (sim-devices.ts SIM_CARD_READER); default off. */
  cardReaderNode?: boolean;
  /** How often its simulated customers tap a card (0 = only through tapCard()). */
  cardTapEveryMs?: number;
  log?: (message: string, err?: unknown) => void;
}

interface SimNode {
  creds: SimCredentials;
  spec: NewDevice;
  client: MqttClient;
  /** Last door value published, to publish door changes as they happen. */
  lastDoor?: number;
}

export interface Simulator {
  start(brokerUrl?: string): Promise<void>;
  stop(): Promise<void>;
  /** Advances the world to the clock's time and publishes door changes (the tick timer calls this). */
  tick(): void;
  /** Publishes every sensor's current reading (the publish timer calls this). */
  publishAll(): void;
  world(): WorldState;
  credentials(): readonly SimCredentials[];
  /** The card reader node taps a card (the chip's bytes; one of SIM_CARDS by default); false if it is not connected. */
  tapCard(uid?: readonly number[]): boolean;
}

/** Units as the registry declares them; readings with a unit go out as JSON, unitless ones as a number. */
function unitOf(spec: NewDevice, key: string): string {
  const sensor = spec.sensors?.find((s) => s.key === key);
  return sensor ? SENSOR_KINDS[sensor.kind].unit : "";
}

/**
 * The simulated shop speaking the real contract with real credentials: one mqtt.js client per device
 * (client id = username = slug, retained "offline" last will, retained "online" on connect), readings on
 * .../sensor/<key>/state, relay commands obeyed and echoed on .../relay/<key>/state like the firmware.
 */
export function createSimulator(ctx: Ctx, options: SimulatorOptions): Simulator {
  const random = new SeededRandom(options.seed ?? 20261121);
  const log = options.log ?? ((m: string, e?: unknown) => console.error(`[simulator] ${m}`, e ?? ""));
  const env: WorldEnv = {
    hourOfDay: localHourFn(getSettings(ctx.db).timeZone),
    openFrom: options.openFrom ?? 8,
    openTo: options.openTo ?? 21,
  };
  const demoEveryMs = options.demoDoorEveryMs ?? 10 * 60_000;
  const demoOpenSeconds = options.demoDoorOpenSeconds ?? 240;
  // A zero-length step fills in the first readings without moving simulated time.
  let world = stepWorld(createWorld(ctx.clock.now().getTime()), 0, env, random);
  let nextDemoAtMs = world.atMs + Math.min(demoEveryMs, options.demoDoorFirstAfterMs ?? 30_000);
  const nodes: SimNode[] = [];
  const timers: NodeJS.Timeout[] = [];

  function publishReading(node: SimNode, key: string, value: number): void {
    if (!node.client.connected) return;
    const unit = unitOf(node.spec, key);
    const payload = serializeReading(unit ? { value, unit } : { value });
    if (payload === null) return; // NaN from a broken model: a real node publishes nothing either
    node.client.publish(topics.sensorState(node.creds.slug, key), payload, { qos: 0 });
  }

  function echoRelay(node: SimNode, key: string): void {
    const on = world.relays[`${node.creds.slug}/${key}`]?.on ?? false;
    node.client.publish(topics.relayState(node.creds.slug, key), serializeRelayState(on), {
      qos: 1,
      retain: true,
    });
  }

  function onMessage(node: SimNode, topic: string, payload: Buffer): void {
    const t = parseTopic(topic);
    if (t?.kind !== "relay_set" || t.device !== node.creds.slug) return;
    const name = `${t.device}/${t.key}`;
    // Garbage is ignored, as the firmware ignores it.
    const command = parseRelayCommand(payload);
    if (!command.ok || !world.relays[name]) return;
    world = commandRelay(world, name, command.value.state === RELAY_ON, command.value.seconds ?? null);
    echoRelay(node, t.key);
  }

  function connect(brokerUrl: string, creds: SimCredentials, spec: NewDevice): SimNode {
    const client = mqtt.connect(brokerUrl, {
      clientId: creds.slug,
      username: creds.slug,
      password: creds.secret,
      protocolVersion: 4,
      keepalive: 15,
      clean: true,
      reconnectPeriod: 3_000,
      connectTimeout: 5_000,
      will: {
        topic: topics.status(creds.slug),
        payload: Buffer.from(serializeStatus(false)),
        qos: 1,
        retain: true,
      },
    });
    const node: SimNode = { creds, spec, client };
    client.on("connect", () => {
      client.publish(topics.status(creds.slug), serializeStatus(true), { qos: 1, retain: true });
      // Clean sessions forget subscriptions: subscribe again on every (re)connect.
      for (const r of spec.relays ?? []) {
        client.subscribe(topics.relaySet(creds.slug, r.key), { qos: 1 });
        echoRelay(node, r.key);
      }
    });
    client.on("message", (topic, payload) => onMessage(node, topic, payload));
    client.on("error", (err) => log(`${creds.slug}: ${err.message}`));
    return node;
  }

  const simulator: Simulator = {
    async start(brokerUrl = options.brokerUrl) {
      if (!brokerUrl) throw new Error("simulator: no broker URL");
      const specs = [
        ...(SIM_DEVICES as readonly NewDevice[]),
        ...(options.cardReaderNode ? [SIM_CARD_READER as NewDevice] : []),
      ];
      const creds = registerSimDevices(ctx, specs);
      const created = creds.filter((c) => c.created);
      if ((options.seedRules ?? true) && created.length > 0) {
        try {
          seedSimRules(ctx, created);
        } catch (err) {
          log("could not seed the demo rules", err);
        }
      }
      for (const c of creds) {
        const spec = specs.find((s) => s.slug === c.slug);
        if (spec) nodes.push(connect(brokerUrl, c, spec));
      }
      simulator.tick();
      timers.push(setInterval(() => simulator.tick(), options.tickMs ?? 1_000));
      timers.push(setInterval(() => simulator.publishAll(), options.publishIntervalMs ?? 5_000));
      if (options.cardReaderNode && (options.cardTapEveryMs ?? 0) > 0)
        timers.push(setInterval(() => simulator.tapCard(), options.cardTapEveryMs));
      for (const t of timers) t.unref();
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      timers.length = 0;
      await Promise.all(
        nodes.map(async (n) => {
          // A clean stop says "offline" itself; the will is for crashes.
          if (n.client.connected) {
            await n.client
              .publishAsync(topics.status(n.creds.slug), serializeStatus(false), { qos: 1, retain: true })
              .catch(() => {});
          }
          await n.client.endAsync();
        }),
      );
      nodes.length = 0;
    },
    tick() {
      try {
        const now = ctx.clock.now().getTime();
        if (demoEveryMs > 0 && now >= nextDemoAtMs) {
          world = holdDoorOpen(world, now, demoOpenSeconds);
          nextDemoAtMs = now + demoEveryMs;
          log("demo: la puerta de la heladera quedó abierta");
        }
        world = advanceWorld(world, now, env, random);
        for (const node of nodes) {
          const door = world.readings[node.creds.slug as SimSlug]?.door;
          if (door !== undefined && door !== node.lastDoor && node.client.connected) {
            node.lastDoor = door;
            publishReading(node, "door", door);
          }
          for (const r of node.spec.relays ?? []) {
            // The local failsafe switched it off: report it, as the firmware does.
            const relay = world.relays[`${node.creds.slug}/${r.key}`];
            if (relay && !relay.on && relay.onSinceMs > 0) {
              world = {
                ...world,
                relays: { ...world.relays, [`${node.creds.slug}/${r.key}`]: { ...relay, onSinceMs: 0 } },
              };
              echoRelay(node, r.key);
            }
          }
        }
      } catch (err) {
        log("tick failed", err);
      }
    },
    publishAll() {
      for (const node of nodes) {
        const readings = world.readings[node.creds.slug as SimSlug] ?? {};
        for (const [key, value] of Object.entries(readings)) publishReading(node, key, value);
      }
    },
    world: () => world,
    credentials: () => nodes.map((n) => n.creds),
    tapCard(uid) {
      const node = nodes.find((n) => n.creds.slug === SIM_CARD_READER.slug);
      if (!node?.client.connected) return false;
      const card = uid ?? SIM_CARDS[Math.floor(random.next() * SIM_CARDS.length)] ?? SIM_CARDS[0]!;
      // As the firmware: the chip's bytes as hex, QoS 0, never retained.
      node.client.publish(topics.readerTap(node.creds.slug, SIM_READER_KEY), serializeReaderTap(card), {
        qos: 0,
      });
      return true;
    },
  };
  return simulator;
}
