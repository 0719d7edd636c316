#include "topics.h"

#include <array>

namespace mostrador {

bool isValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (char c : id) {
    if (!isIdChar(c)) return false;
  }
  return true;
}

namespace {

std::string join(std::string_view device, const char* kind, std::string_view key, const char* leaf) {
  std::string t;
  t.reserve(kMaxTopicLength);
  t.append(kTopicRoot).append("/").append(device).append("/").append(kind);
  if (!key.empty()) t.append("/").append(key).append("/").append(leaf);
  return t;
}

}  // namespace

std::string statusTopic(std::string_view device) { return join(device, kLevelStatus, {}, ""); }
std::string sensorStateTopic(std::string_view device, std::string_view key) {
  return join(device, kLevelSensor, key, kLevelState);
}
std::string relaySetTopic(std::string_view device, std::string_view key) {
  return join(device, kLevelRelay, key, kLevelSet);
}
std::string relayStateTopic(std::string_view device, std::string_view key) {
  return join(device, kLevelRelay, key, kLevelState);
}
std::string readerTapTopic(std::string_view device, std::string_view key) {
  return join(device, kLevelReader, key, kLevelTap);
}

ParsedTopic parseTopic(std::string_view topic) {
  // Split on '/' like the TS version (which keeps empty levels, so "a//b" has an empty level).
  std::array<std::string_view, kMaxTopicLevels> parts{};
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = topic.find('/', start);
    const std::string_view part =
        topic.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (count == kMaxTopicLevels) return {};  // too deep
    parts[count++] = part;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts[0] != kTopicRoot) return {};
  if (count < 2 || !isValidId(parts[1])) return {};
  ParsedTopic out;
  out.device = std::string(parts[1]);
  if (count == 3 && parts[2] == kLevelStatus) {
    out.kind = TopicKind::Status;
    return out;
  }
  if (count != 5 || !isValidId(parts[3])) return {};
  out.key = std::string(parts[3]);
  if (parts[2] == kLevelSensor && parts[4] == kLevelState) out.kind = TopicKind::SensorState;
  else if (parts[2] == kLevelRelay && parts[4] == kLevelSet) out.kind = TopicKind::RelaySet;
  else if (parts[2] == kLevelRelay && parts[4] == kLevelState) out.kind = TopicKind::RelayState;
  else if (parts[2] == kLevelReader && parts[4] == kLevelTap) out.kind = TopicKind::ReaderTap;
  else return {};
  return out;
}

const char* topicKindName(TopicKind kind) {
  switch (kind) {
    case TopicKind::Status: return "status";
    case TopicKind::SensorState: return "sensor_state";
    case TopicKind::RelaySet: return "relay_set";
    case TopicKind::RelayState: return "relay_state";
    case TopicKind::ReaderTap: return "reader_tap";
    case TopicKind::None: break;
  }
  return "none";
}

}  // namespace mostrador
