#include "node.h"

#include <set>
#include <utility>

#include "payload.h"
#include "topics.h"

namespace mostrador {

namespace {

ConnectOptions connectOptionsFor(const NodeConfig& c) {
  ConnectOptions o;
  o.clientId = c.device;
  o.username = c.device;
  o.password = c.secret;
  o.willTopic = statusTopic(c.device);
  o.willPayload = kStatusOffline;
  o.willRetain = true;
  o.keepAliveSeconds = c.keepAliveSeconds;
  return o;
}

bool validConfig(const NodeConfig& c) {
  if (!isValidId(c.device) || c.secret.empty()) return false;
  if (c.sensors.size() > kMaxSensors || c.relays.size() > kMaxRelays) return false;
  std::set<std::string> sensorKeys, relayKeys;
  for (const auto& s : c.sensors) {
    if (!isValidId(s.key) || !sensorKeys.insert(s.key).second) return false;
  }
  for (const auto& r : c.relays) {
    if (!isValidId(r.key) || !relayKeys.insert(r.key).second) return false;
  }
  if (c.readers.size() > kMaxReaders) return false;
  std::set<std::string> readerKeys;
  for (const auto& key : c.readers) {
    if (!isValidId(key) || !readerKeys.insert(key).second) return false;
  }
  return true;
}

}  // namespace

Node::Node(NodeConfig config, Transport& transport, SensorRead read, RelayWrite write, std::uint32_t seed,
           NodeLog log)
    : config_(std::move(config)),
      transport_(transport),
      read_(std::move(read)),
      write_(std::move(write)),
      log_(std::move(log)),
      random_(seed),
      connection_(transport, connectOptionsFor(config_), config_.timing, random_) {
  valid_ = validConfig(config_);
  for (const auto& r : config_.relays) relays_.emplace_back(r.key, r.maxOnSeconds);
  driven_.assign(relays_.size(), false);
}

void Node::log(const std::string& line) const {
  if (log_) log_(line);
}

void Node::loop(std::uint64_t nowMs) {
  if (!valid_) return;  // a broken config must not switch outputs or spam the broker
  if (!started_) {
    started_ = true;
    // Stagger first samples a little so sensors on one node do not all fire in the same loop.
    for (std::size_t i = 0; i < config_.sensors.size(); ++i) {
      sampler_.add(config_.sensors[i].intervalMs, nowMs + 50 * i);
    }
    for (std::size_t i = 0; i < relays_.size(); ++i) write_(relays_[i].key(), false);
  }
  // Failsafe first: it must run even when the network code below is stuck retrying.
  driveRelays(nowMs);
  switch (connection_.step(nowMs)) {
    case LinkEvent::Connected:
      onConnected();
      break;
    case LinkEvent::Lost:
      log("mqtt lost");
      break;
    case LinkEvent::None:
      break;
  }
  if (connection_.state() == LinkState::Connected) reportRelays();
  sample(nowMs);
}

void Node::onConnected() {
  log("mqtt connected");
  // Retained "online" overwrites the retained last will "offline" from the previous session.
  transport_.publish(statusTopic(config_.device), kStatusOnline, true);
  // Subscriptions do not survive a reconnect with a clean session: subscribe again every time.
  for (const auto& r : relays_) transport_.subscribe(relaySetTopic(config_.device, r.key()));
  // The gateway may have missed changes while we were away (e.g. a failsafe switch-off): report all.
  for (auto& r : relays_) r.markNeedsReport();
}

void Node::driveRelays(std::uint64_t nowMs) {
  for (std::size_t i = 0; i < relays_.size(); ++i) {
    Relay& r = relays_[i];
    if (r.tick(nowMs)) {
      ++stats_.failsafeOffs;
      log("relay " + r.key() + " OFF failsafe");
    }
    if (driven_[i] != r.on()) {
      write_(r.key(), r.on());
      driven_[i] = r.on();
    }
  }
}

void Node::reportRelays() {
  for (auto& r : relays_) {
    if (!r.needsReport()) continue;
    if (transport_.publish(relayStateTopic(config_.device, r.key()), r.on() ? kRelayOn : kRelayOff, true)) {
      r.markReported();
    }
  }
}

void Node::sample(std::uint64_t nowMs) {
  for (std::size_t i : sampler_.due(nowMs)) {
    const SensorSpec& s = config_.sensors[i];
    double value = 0;
    std::string payload;
    if (connection_.state() != LinkState::Connected || !read_(s.key, value) ||
        !encodeReading(value, s.decimals, s.unit.c_str(), payload)) {
      // Offline readings are not queued: rules care about the present, and RAM is small.
      ++stats_.readingsDropped;
      continue;
    }
    if (transport_.publish(sensorStateTopic(config_.device, s.key), payload, false)) {
      ++stats_.readingsPublished;
    } else {
      ++stats_.readingsDropped;
    }
  }
}

void Node::onMessage(const std::string& topic, const char* payload, std::size_t length, std::uint64_t nowMs) {
  const ParsedTopic t = parseTopic(topic);
  if (t.kind != TopicKind::RelaySet || t.device != config_.device) {
    ++stats_.commandsRejected;
    return;
  }
  for (std::size_t i = 0; i < relays_.size(); ++i) {
    Relay& r = relays_[i];
    if (r.key() != t.key) continue;
    const RelayCommand cmd = parseRelayCommand(payload, length);
    if (!cmd.valid) {
      ++stats_.commandsRejected;
      log("relay " + r.key() + " rejected command");
      return;
    }
    r.apply(cmd, nowMs);
    ++stats_.commandsApplied;
    log("relay " + r.key() + (r.on() ? " ON" : " OFF") + " command");
    // Drive the output and confirm now, not on the next loop: the gateway times out waiting for the echo.
    driveRelays(nowMs);
    if (connection_.state() == LinkState::Connected) reportRelays();
    return;
  }
  ++stats_.commandsRejected;
}

bool Node::cardTap(const std::string& key, const std::uint8_t* uid, std::size_t length, std::uint64_t nowMs) {
  if (!valid_) return false;
  bool known = false;
  for (const auto& r : config_.readers) known = known || r == key;
  std::string payload;
  if (!known || !encodeCardTap(uid, length, payload)) {
    ++stats_.tapsDropped;
    return false;
  }
  const bool same = payload == lastTapUid_ && nowMs - lastTapMs_ < kTapRepeatMs;
  lastTapUid_ = payload;
  lastTapMs_ = nowMs;
  if (same) return false;
  if (connection_.state() != LinkState::Connected ||
      !transport_.publish(readerTapTopic(config_.device, key), payload, false)) {
    ++stats_.tapsDropped;
    log("tap " + key + " dropped (offline)");
    return false;
  }
  ++stats_.tapsPublished;
  log("tap " + key + " " + payload);
  return true;
}

}  // namespace mostrador
