// Topic contract between a node and the gateway (contracts/src/mqtt/topics.ts). The words, levels and
// limits come from contract.h, generated from the TypeScript contract; host-firmware.test.ts also checks
// that this code builds and parses topics exactly as the TypeScript does for the same ids.
//
//   mostrador/<device>/status                 retained "online" | "offline" (also the last will)
//   mostrador/<device>/sensor/<key>/state     a reading
//   mostrador/<device>/relay/<key>/set        command to the node
//   mostrador/<device>/relay/<key>/state      the node's confirmed relay state, retained
//   mostrador/<device>/reader/<key>/tap       a card tapped on the node's reader (UID as hex)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "contract.h"

namespace mostrador {

// Ids are [a-z0-9_-]{1,32} (contract.h): safe in topics, Home Assistant ids and fixed C buffers.
bool isValidId(std::string_view id);

std::string statusTopic(std::string_view device);
std::string sensorStateTopic(std::string_view device, std::string_view key);
std::string relaySetTopic(std::string_view device, std::string_view key);
std::string relayStateTopic(std::string_view device, std::string_view key);
std::string readerTapTopic(std::string_view device, std::string_view key);

enum class TopicKind { None, Status, SensorState, RelaySet, RelayState, ReaderTap };

struct ParsedTopic {
  TopicKind kind = TopicKind::None;
  std::string device;
  std::string key;  // empty for Status
};

// Parses a concrete topic of the contract (no wildcards); kind None for anything else.
ParsedTopic parseTopic(std::string_view topic);

const char* topicKindName(TopicKind kind);

}  // namespace mostrador
