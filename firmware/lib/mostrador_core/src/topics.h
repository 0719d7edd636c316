// Topic contract between a node and the gateway. Mirrors gateway/src/contract/topics.ts exactly
// (checked by firmware/host-firmware.test.ts against the TypeScript output for the same ids).
//
//   mostrador/<device>/status                 retained "online" | "offline" (also the last will)
//   mostrador/<device>/sensor/<key>/state     a reading
//   mostrador/<device>/relay/<key>/set        command to the node
//   mostrador/<device>/relay/<key>/state      the node's confirmed relay state, retained
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mostrador {

constexpr const char* kTopicRoot = "mostrador";
// Ids are [a-z0-9_-]{1,32}: safe in topics, Home Assistant ids and fixed C buffers.
constexpr std::size_t kMaxIdLength = 32;
// Deepest topic the contract uses: mostrador/dev/relay/key/state.
constexpr std::size_t kMaxTopicLevels = 5;
// Longest contract topic: root + 2 ids + "relay" + "state" + 4 slashes.
constexpr std::size_t kMaxTopicLength = 9 + 2 * kMaxIdLength + 5 + 5 + 4;

bool isValidId(std::string_view id);

std::string statusTopic(std::string_view device);
std::string sensorStateTopic(std::string_view device, std::string_view key);
std::string relaySetTopic(std::string_view device, std::string_view key);
std::string relayStateTopic(std::string_view device, std::string_view key);

enum class TopicKind { None, Status, SensorState, RelaySet, RelayState };

struct ParsedTopic {
  TopicKind kind = TopicKind::None;
  std::string device;
  std::string key;  // empty for Status
};

// Parses a concrete topic of the contract (no wildcards); kind None for anything else.
ParsedTopic parseTopic(std::string_view topic);

const char* topicKindName(TopicKind kind);

}  // namespace mostrador
