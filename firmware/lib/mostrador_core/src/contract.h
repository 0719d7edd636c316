// GENERATED from @mostrador/contracts/mqtt by firmware/contract-header.ts: do not edit by hand.
// Regenerate with `npm --workspace firmware run generate:contract`; firmware/contract-header.test.ts
// fails when this file differs from what the contract generates.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mostrador {

// Topics (contracts/src/mqtt/topics.ts): mostrador/<device>/status, .../sensor/<key>/state,
// .../relay/<key>/set, .../relay/<key>/state.
constexpr const char* kTopicRoot = "mostrador";
constexpr const char* kLevelStatus = "status";
constexpr const char* kLevelSensor = "sensor";
constexpr const char* kLevelRelay = "relay";
constexpr const char* kLevelState = "state";
constexpr const char* kLevelSet = "set";
constexpr std::size_t kMaxTopicLevels = 5;
constexpr std::size_t kMaxTopicLength = 88;

// Ids (contracts/src/mqtt/ids.ts): device slugs and sensor/relay keys.
constexpr std::size_t kMaxIdLength = 32;
constexpr bool isIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; }
// The same rule as a regular expression, for messages to whoever writes config.h.
constexpr const char* kIdPattern = "^[a-z0-9_-]{1,32}$";

// Device status (contracts/src/mqtt/status.ts), retained; also the last will.
constexpr const char* kStatusOnline = "online";
constexpr const char* kStatusOffline = "offline";

// Relay state and commands (contracts/src/mqtt/relay-state.ts, relay-command.ts).
constexpr const char* kRelayOn = "ON";
constexpr const char* kRelayOff = "OFF";
constexpr const char* kCommandStateField = "state";
constexpr const char* kCommandSecondsField = "seconds";
constexpr std::size_t kMaxCommandLength = 128;
constexpr std::uint32_t kMaxCommandSeconds = 86400;

// Readings (contracts/src/mqtt/reading.ts): a bare decimal, or JSON with the unit.
constexpr const char* kReadingValueField = "value";
constexpr const char* kReadingUnitField = "unit";

// Card taps (contracts/src/mqtt/reader-tap.ts) on mostrador/<device>/reader/<key>/tap: the chip's UID
// bytes as upper-case hex, not retained. UIDs have one of these byte lengths (card-readers/uid.ts).
constexpr const char* kLevelReader = "reader";
constexpr const char* kLevelTap = "tap";
constexpr std::size_t kMaxTapLength = 20;
constexpr std::size_t kUidByteLengths[] = {4, 5, 7, 10};

}  // namespace mostrador
