/**
 * The firmware's C++ header of the MQTT contract (lib/mostrador_core/src/contract.h), generated from
 * @mostrador/contracts/mqtt so the node and the gateway cannot drift: topic levels, the id rule, the
 * payload words and limits, the JSON field names. `npm --workspace firmware run generate:contract` writes
 * it; contract-header.test.ts fails when the checked-in file differs from what this returns.
 */
import {
  ID_CHAR_RANGES,
  ID_CHAR_SINGLES,
  ID_MAX_LENGTH,
  ID_PATTERN_SOURCE,
} from "@mostrador/contracts/mqtt/ids";
import { READING_FIELD } from "@mostrador/contracts/mqtt/reading";
import {
  COMMAND_FIELD,
  MAX_COMMAND_BYTES,
  MAX_COMMAND_SECONDS,
} from "@mostrador/contracts/mqtt/relay-command";
import { RELAY_OFF, RELAY_ON } from "@mostrador/contracts/mqtt/relay-state";
import { STATUS_OFFLINE, STATUS_ONLINE } from "@mostrador/contracts/mqtt/status";
import { MAX_TOPIC_LEVELS, TOPIC_LEVEL, TOPIC_ROOT, topics } from "@mostrador/contracts/mqtt/topics";
import { MAX_TAP_BYTES } from "@mostrador/contracts/mqtt/reader-tap";
import { UID_BYTE_LENGTHS } from "@mostrador/contracts/card-readers/uid";

export const CONTRACT_HEADER_PATH = "lib/mostrador_core/src/contract.h";

/** A C++ string literal; the contract's words are ASCII, anything else is a mistake worth stopping for. */
function literal(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text) || /["\\]/.test(text)) {
    throw new Error(`contract-header: "${text}" no cabe tal cual en un literal de C++`);
  }
  return `"${text}"`;
}

const charLiteral = (c: string) => `'${c === "'" || c === "\\" ? `\\${c}` : c}'`;

/** The longest topic any builder makes from two ids of the maximum length. */
function maxTopicLength(): number {
  const id = "x".repeat(ID_MAX_LENGTH);
  return Math.max(
    topics.status(id).length,
    topics.sensorState(id, id).length,
    topics.relaySet(id, id).length,
    topics.relayState(id, id).length,
    topics.readerTap(id, id).length,
  );
}

export function contractHeader(): string {
  const idChar = [
    ...ID_CHAR_RANGES.map(([from, to]) => `(c >= ${charLiteral(from)} && c <= ${charLiteral(to)})`),
    ...ID_CHAR_SINGLES.map((c) => `c == ${charLiteral(c)}`),
  ].join(" || ");
  const lines = [
    "// GENERATED from @mostrador/contracts/mqtt by firmware/contract-header.ts: do not edit by hand.",
    "// Regenerate with `npm --workspace firmware run generate:contract`; firmware/contract-header.test.ts",
    "// fails when this file differs from what the contract generates.",
    "#pragma once",
    "",
    "#include <cstddef>",
    "#include <cstdint>",
    "",
    "namespace mostrador {",
    "",
    "// Topics (contracts/src/mqtt/topics.ts): mostrador/<device>/status, .../sensor/<key>/state,",
    "// .../relay/<key>/set, .../relay/<key>/state.",
    `constexpr const char* kTopicRoot = ${literal(TOPIC_ROOT)};`,
    `constexpr const char* kLevelStatus = ${literal(TOPIC_LEVEL.status)};`,
    `constexpr const char* kLevelSensor = ${literal(TOPIC_LEVEL.sensor)};`,
    `constexpr const char* kLevelRelay = ${literal(TOPIC_LEVEL.relay)};`,
    `constexpr const char* kLevelState = ${literal(TOPIC_LEVEL.state)};`,
    `constexpr const char* kLevelSet = ${literal(TOPIC_LEVEL.set)};`,
    `constexpr std::size_t kMaxTopicLevels = ${MAX_TOPIC_LEVELS};`,
    `constexpr std::size_t kMaxTopicLength = ${maxTopicLength()};`,
    "",
    "// Ids (contracts/src/mqtt/ids.ts): device slugs and sensor/relay keys.",
    `constexpr std::size_t kMaxIdLength = ${ID_MAX_LENGTH};`,
    `constexpr bool isIdChar(char c) { return ${idChar}; }`,
    "// The same rule as a regular expression, for messages to whoever writes config.h.",
    `constexpr const char* kIdPattern = ${literal(ID_PATTERN_SOURCE)};`,
    "",
    "// Device status (contracts/src/mqtt/status.ts), retained; also the last will.",
    `constexpr const char* kStatusOnline = ${literal(STATUS_ONLINE)};`,
    `constexpr const char* kStatusOffline = ${literal(STATUS_OFFLINE)};`,
    "",
    "// Relay state and commands (contracts/src/mqtt/relay-state.ts, relay-command.ts).",
    `constexpr const char* kRelayOn = ${literal(RELAY_ON)};`,
    `constexpr const char* kRelayOff = ${literal(RELAY_OFF)};`,
    `constexpr const char* kCommandStateField = ${literal(COMMAND_FIELD.state)};`,
    `constexpr const char* kCommandSecondsField = ${literal(COMMAND_FIELD.seconds)};`,
    `constexpr std::size_t kMaxCommandLength = ${MAX_COMMAND_BYTES};`,
    `constexpr std::uint32_t kMaxCommandSeconds = ${MAX_COMMAND_SECONDS};`,
    "",
    "// Readings (contracts/src/mqtt/reading.ts): a bare decimal, or JSON with the unit.",
    `constexpr const char* kReadingValueField = ${literal(READING_FIELD.value)};`,
    `constexpr const char* kReadingUnitField = ${literal(READING_FIELD.unit)};`,
    "",
    "// Card taps (contracts/src/mqtt/reader-tap.ts) on mostrador/<device>/reader/<key>/tap: the chip's UID",
    "// bytes as upper-case hex, not retained. UIDs have one of these byte lengths (card-readers/uid.ts).",
    `constexpr const char* kLevelReader = ${literal(TOPIC_LEVEL.reader)};`,
    `constexpr const char* kLevelTap = ${literal(TOPIC_LEVEL.tap)};`,
    `constexpr std::size_t kMaxTapLength = ${MAX_TAP_BYTES};`,
    `constexpr std::size_t kUidByteLengths[] = {${UID_BYTE_LENGTHS.join(", ")}};`,
    "",
    "}  // namespace mostrador",
    "",
  ];
  return lines.join("\n");
}
