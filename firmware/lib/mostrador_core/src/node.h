// A Mostrador node: sensors sampled on a schedule, relays with a local failsafe, and the MQTT session
// (status + last will, resubscribe after every reconnect). Board-independent: the Arduino sketch and the
// host simulator both just call loop() and forward incoming messages to onMessage().
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "connection.h"
#include "random.h"
#include "relay.h"
#include "sampler.h"
#include "transport.h"

namespace mostrador {

struct SensorSpec {
  std::string key;
  std::string unit;  // empty: publish a bare number
  std::uint32_t intervalMs = 10000;
  int decimals = 1;
};

struct RelaySpec {
  std::string key;
  std::uint32_t maxOnSeconds = 1800;
};

struct NodeConfig {
  std::string device;  // slug: also MQTT username and client id
  std::string secret;
  std::vector<SensorSpec> sensors;
  std::vector<RelaySpec> relays;
  // Card readers (an RC522 on the board): each one's key on mostrador/<device>/reader/<key>/tap.
  std::vector<std::string> readers;
  ConnectionTiming timing;
  std::uint16_t keepAliveSeconds = 15;
};

// Reads one sensor; false when the hardware gave nothing usable (the sample is skipped, not sent as 0).
using SensorRead = std::function<bool(const std::string& key, double& value)>;
// Drives one relay output (a GPIO on the board).
using RelayWrite = std::function<void(const std::string& key, bool on)>;
// Human-readable event lines ("relay valve OFF failsafe"); the host simulator prints them.
using NodeLog = std::function<void(const std::string& line)>;

struct NodeStats {
  std::uint32_t readingsPublished = 0;
  std::uint32_t readingsDropped = 0;  // sampled while offline, or unreadable
  std::uint32_t commandsApplied = 0;
  std::uint32_t commandsRejected = 0;  // garbage payloads, unknown relays, other devices' topics
  std::uint32_t failsafeOffs = 0;
  std::uint32_t tapsPublished = 0;
  std::uint32_t tapsDropped = 0;  // offline (a tap is never queued: the customer taps again), bad UID
};

// An RC522 reports a card lying on it on every poll; the same UID within this long is the same tap.
constexpr std::uint64_t kTapRepeatMs = 1000;

class Node {
 public:
  // Returns false from valid() when the config breaks the contract (bad ids, duplicate keys, too many).
  Node(NodeConfig config, Transport& transport, SensorRead read, RelayWrite write, std::uint32_t seed,
       NodeLog log = nullptr);

  bool valid() const { return valid_; }
  void loop(std::uint64_t nowMs);
  void onMessage(const std::string& topic, const char* payload, std::size_t length, std::uint64_t nowMs);
  // A card read by reader `key`: published once per tap while connected (QoS 0, not retained); true when
  // it was. A card still lying on the reader, an unknown reader, a bad UID or no connection: false.
  bool cardTap(const std::string& key, const std::uint8_t* uid, std::size_t length, std::uint64_t nowMs);

  const Connection& connection() const { return connection_; }
  const std::vector<Relay>& relays() const { return relays_; }
  const NodeStats& stats() const { return stats_; }

 private:
  void onConnected();
  void driveRelays(std::uint64_t nowMs);
  void reportRelays();
  void sample(std::uint64_t nowMs);
  void log(const std::string& line) const;

  NodeConfig config_;
  Transport& transport_;
  SensorRead read_;
  RelayWrite write_;
  NodeLog log_;
  Random random_;
  Connection connection_;
  Sampler sampler_;
  std::vector<Relay> relays_;
  std::vector<bool> driven_;  // last level written to each relay output
  bool valid_ = true;
  bool started_ = false;
  NodeStats stats_;
  std::string lastTapUid_;
  std::uint64_t lastTapMs_ = 0;
};

// The contract's limits the node checks its own config against.
constexpr std::size_t kMaxSensors = 16;
constexpr std::size_t kMaxRelays = 8;
constexpr std::size_t kMaxReaders = 4;

}  // namespace mostrador
