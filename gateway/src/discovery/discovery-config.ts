import type { Device } from "@mostrador/contracts/http/devices";
import {
  type DiscoveryComponent,
  discoveryTopic,
  HA_PAYLOADS,
} from "@mostrador/contracts/mqtt/home-assistant";
import { topics } from "@mostrador/contracts/mqtt/topics";

import type { SensorKind } from "@mostrador/contracts/mqtt/sensor-kinds";

/** One retained discovery message: its topic and the JSON config Home Assistant reads from it. */
export interface DiscoveryMessage {
  topic: string;
  payload: string;
}

/**
 * How each sensor kind looks in Home Assistant: its component, device_class (HA's list of sensor and
 * binary_sensor classes) and unit as HA expects it. A door reed switch is a binary_sensor (1 = open).
 */
const HA_SENSOR: Record<
  SensorKind,
  { component: DiscoveryComponent; deviceClass: string; unit?: string; label: string }
> = {
  temperature: { component: "sensor", deviceClass: "temperature", unit: "°C", label: "Temperatura" },
  humidity: { component: "sensor", deviceClass: "humidity", unit: "%", label: "Humedad" },
  soil_moisture: { component: "sensor", deviceClass: "moisture", unit: "%", label: "Humedad del suelo" },
  door: { component: "binary_sensor", deviceClass: "door", label: "Puerta" },
  power: { component: "sensor", deviceClass: "power", unit: "W", label: "Potencia" },
  current: { component: "sensor", deviceClass: "current", unit: "A", label: "Corriente" },
  water_flow: { component: "sensor", deviceClass: "volume_flow_rate", unit: "L/min", label: "Caudal" },
  co2: { component: "sensor", deviceClass: "carbon_dioxide", unit: "ppm", label: "CO₂" },
};

/**
 * A reading is a bare number ("4.7") or {"value":4.7,"unit":"°C"} (the topic contract); HA parses the
 * payload as JSON when it can, so one template handles both.
 */
const VALUE_TEMPLATE = "{{ value_json.value if value_json is mapping else value }}";

/** Every discovery message for one device: one entity per sensor and one switch per relay. */
export function discoveryMessages(
  device: Pick<Device, "slug" | "name" | "sensors" | "relays">,
): DiscoveryMessage[] {
  const { slug } = device;
  const common = {
    availability_topic: topics.status(slug),
    payload_available: HA_PAYLOADS.payload_available,
    payload_not_available: HA_PAYLOADS.payload_not_available,
    device: {
      identifiers: [`mostrador_${slug}`],
      name: device.name,
      manufacturer: "Mostrador",
      model: "ESP32",
    },
  };
  const kindCount = new Map<SensorKind, number>();
  for (const s of device.sensors) kindCount.set(s.kind, (kindCount.get(s.kind) ?? 0) + 1);

  const messages: DiscoveryMessage[] = device.sensors.map((sensor) => {
    const ha = HA_SENSOR[sensor.kind];
    // Two probes of one kind on a node (two fridges on one ESP32) need names HA can tell apart.
    const name = (kindCount.get(sensor.kind) ?? 0) > 1 ? `${ha.label} (${sensor.key})` : ha.label;
    const config = {
      name,
      unique_id: `mostrador_${slug}_sensor_${sensor.key}`,
      object_id: `${slug}_${sensor.key}`,
      state_topic: topics.sensorState(slug, sensor.key),
      value_template: VALUE_TEMPLATE,
      device_class: ha.deviceClass,
      ...(ha.component === "binary_sensor"
        ? { payload_on: "1", payload_off: "0" }
        : { unit_of_measurement: ha.unit, state_class: "measurement" }),
      ...common,
    };
    return { topic: discoveryTopic(ha.component, slug, sensor.key), payload: JSON.stringify(config) };
  });

  for (const relay of device.relays) {
    const config = {
      name: relay.name,
      unique_id: `mostrador_${slug}_relay_${relay.key}`,
      object_id: `${slug}_${relay.key}`,
      command_topic: topics.relaySet(slug, relay.key),
      state_topic: topics.relayState(slug, relay.key),
      payload_on: HA_PAYLOADS.payload_on,
      payload_off: HA_PAYLOADS.payload_off,
      // The relay extension sends commands with QoS 1 too: a lost OFF must not leave a pump running.
      qos: 1,
      ...common,
    };
    messages.push({ topic: discoveryTopic("switch", slug, relay.key), payload: JSON.stringify(config) });
  }
  return messages;
}
