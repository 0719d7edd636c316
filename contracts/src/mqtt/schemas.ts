/**
 * The MQTT contract's rules as JSON schemas, for the HTTP routes that take the same things (a device slug,
 * a sensor or relay key, a relay state): Fastify validates with them, so a key the broker would refuse is
 * refused at the door too. Kept apart from the parsers so the till's bundle, which reads topics and
 * payloads, does not carry TypeBox.
 */
import { Type } from "@sinclair/typebox";
import { ID_MAX_LENGTH, ID_PATTERN_SOURCE } from "./ids.js";
import { RELAY_OFF, RELAY_ON } from "./relay-state.js";

export const MqttIdSchema = Type.String({
  pattern: ID_PATTERN_SOURCE,
  minLength: 1,
  maxLength: ID_MAX_LENGTH,
});

export const RelayStateSchema = Type.Union([Type.Literal(RELAY_ON), Type.Literal(RELAY_OFF)]);
