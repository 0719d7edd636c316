/**
 * The one id rule of the MQTT contract: a device's slug (also its MQTT username and client id) and the key
 * of each of its sensors and relays are [a-z0-9_-]{1,32}, so they are safe in topics, Home Assistant ids
 * and the firmware's fixed C buffers alike. Everything that checks an id (the broker, the HTTP schemas, the
 * device form, the firmware's generated header) takes it from here.
 */

export const ID_MAX_LENGTH = 32;
/** The rule as a regular expression's source, for JSON schemas (`pattern`) and HTML inputs. */
export const ID_PATTERN_SOURCE = `^[a-z0-9_-]{1,${ID_MAX_LENGTH}}$`;
export const ID_PATTERN = new RegExp(ID_PATTERN_SOURCE);
/** The characters an id may use, as the firmware's generated header spells them out. */
export const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_-";

export function isValidId(id: unknown): id is string {
  return typeof id === "string" && ID_PATTERN.test(id);
}

/** What a person is told when an id breaks the rule (device form, HTTP refusals). */
export const ID_RULE_IN_WORDS = `de 1 a ${ID_MAX_LENGTH} caracteres: minúsculas, números, guion o guion bajo`;
