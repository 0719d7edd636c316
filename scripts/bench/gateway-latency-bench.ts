import mqtt, { type MqttClient } from "mqtt";
import { openBenchGateway, openRawBroker } from "./gateway-fixture.js";
import { type LatencySummary, summarize } from "./stats.js";

export interface AlarmLatencyResults {
  /** Raw Aedes: device PUBLISH → the message delivered to an in-process subscriber. */
  raw: LatencySummary;
  /** Gateway: device PUBLISH of a violating reading → "alarm.changed" (alarm stored, event emitted). */
  alarm: LatencySummary;
}

async function connect(url: string, options: mqtt.IClientOptions): Promise<MqttClient> {
  const client = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, ...options });
  await new Promise<void>((resolve, reject) => {
    client.once("connect", () => resolve());
    client.once("error", reject);
  });
  return client;
}

/** Publishes `payload` and resolves with the nanoseconds until `arrived` fires once. */
function timeOne(
  client: MqttClient,
  topic: string,
  payload: string,
  arrived: Promise<void>,
): Promise<bigint> {
  const t0 = process.hrtime.bigint();
  client.publish(topic, payload, { qos: 0 });
  return arrived.then(() => process.hrtime.bigint() - t0);
}

/**
 * Publish-to-alarm latency: a device publishes 12 °C against an "above 8 °C" rule with no duration and
 * we time until the alarm is stored and announced; then 5 °C clears it (untimed) and the next round runs.
 * The baseline is the same publish through raw Aedes to an in-process subscriber, in the same process.
 */
export async function benchAlarmLatency(iterations: number, warmup: number): Promise<AlarmLatencyResults> {
  const gw = await openBenchGateway(1);
  const raw = await openRawBroker();
  const spec = gw.publishers[0];
  if (!spec) throw new Error("no bench device");
  const device = await connect(gw.url, {
    clientId: spec.clientId,
    username: spec.username,
    password: spec.password,
  });
  const rawClient = await connect(raw.url, { clientId: "bench-raw" });
  try {
    let onAlarm: ((status: string) => void) | null = null;
    const offAlarm = gw.ctx.bus.on("alarm.changed", (a) => onAlarm?.(a.status));
    // The rule's alarm is an aviso or worse: once 5 °C clears it, it latches as cleared_unacknowledged
    // (nobody acknowledges it here) and the next 12 °C makes that same alarm active again.
    const nextAlarm = (status: "active" | "cleared") =>
      new Promise<void>((resolve) => {
        onAlarm = (s) => {
          if (status === "active" ? s !== "active" : s !== "cleared" && s !== "cleared_unacknowledged")
            return;
          onAlarm = null;
          resolve();
        };
      });
    const alarmSamples: bigint[] = [];
    const t0 = process.hrtime.bigint();
    for (let i = -warmup; i < iterations; i++) {
      const ns = await timeOne(device, spec.topic, "12", nextAlarm("active"));
      if (i >= 0) alarmSamples.push(ns);
      await timeOne(device, spec.topic, "5", nextAlarm("cleared"));
    }
    const alarm = summarize(alarmSamples, process.hrtime.bigint() - t0);
    offAlarm();

    let onDeliver: (() => void) | null = null;
    const stop = await raw.onDeliver(spec.topic, () => onDeliver?.());
    const delivered = () =>
      new Promise<void>((resolve) => {
        onDeliver = () => {
          onDeliver = null;
          resolve();
        };
      });
    const rawSamples: bigint[] = [];
    const r0 = process.hrtime.bigint();
    for (let i = -warmup; i < iterations; i++) {
      const ns = await timeOne(rawClient, spec.topic, "12", delivered());
      if (i >= 0) rawSamples.push(ns);
    }
    stop();
    return { raw: summarize(rawSamples, process.hrtime.bigint() - r0), alarm };
  } finally {
    device.end(true);
    rawClient.end(true);
    await raw.close();
    await gw.close();
  }
}
