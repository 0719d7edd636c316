/**
 * The id rule of ids.ts as a JSON schema, for every HTTP route that takes a device slug or a sensor/relay
 * key (Fastify validates with it): kept apart from ids.ts so the till's bundle, which reads topics, does
 * not carry TypeBox.
 */
import { Type } from "@sinclair/typebox";
import { ID_MAX_LENGTH, ID_PATTERN_SOURCE } from "./ids.js";

export const MqttIdSchema = Type.String({
  pattern: ID_PATTERN_SOURCE,
  minLength: 1,
  maxLength: ID_MAX_LENGTH,
});
