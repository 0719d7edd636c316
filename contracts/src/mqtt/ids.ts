/**
 * The one id rule of the MQTT contract: a device's slug (also its MQTT username and client id) and the key
 * of each of its sensors and relays are [a-z0-9_-]{1,32}, so they are safe in topics, Home Assistant ids
 * and the firmware's fixed C buffers alike. Everything that checks an id (the broker, the HTTP schemas, the
 * device form, the firmware's generated header) takes it from here.
 */

export const ID_MAX_LENGTH = 32;
/**
 * The characters an id may use: these ranges and these single characters. Both the regular expression
 * below and the firmware's character test (generated into its C header) are built from them.
 */
export const ID_CHAR_RANGES = [
  ["a", "z"],
  ["0", "9"],
] as const;
export const ID_CHAR_SINGLES = ["_", "-"] as const;

const charClass = ID_CHAR_RANGES.map(([from, to]) => `${from}-${to}`).join("") + ID_CHAR_SINGLES.join("");
/** The rule as a regular expression's source, for JSON schemas (`pattern`) and HTML inputs. */
export const ID_PATTERN_SOURCE = `^[${charClass}]{1,${ID_MAX_LENGTH}}$`;
export const ID_PATTERN = new RegExp(ID_PATTERN_SOURCE);

export function isValidId(id: unknown): id is string {
  return typeof id === "string" && ID_PATTERN.test(id);
}

/** What a person is told when an id breaks the rule (device form, HTTP refusals). */
export const ID_RULE_IN_WORDS = `de 1 a ${ID_MAX_LENGTH} caracteres: minúsculas, números, guion o guion bajo`;
