// The connection state machine: network → MQTT connect → connected, with exponential backoff + jitter and a
// cap between attempts. Pure logic over a Transport and a time in ms, so it runs the same on the ESP32, on
// the host and under a fake clock in tests.
#pragma once

#include <cstdint>

#include "backoff.h"
#include "random.h"
#include "transport.h"

namespace mostrador {

struct ConnectionTiming {
  std::uint32_t backoffBaseMs = 1000;
  std::uint32_t backoffCapMs = 60000;
  // A CONNACK that does not arrive within this is a failed attempt.
  std::uint32_t connectTimeoutMs = 10000;
  // Backoff resets only after a connection stayed up this long, so a broker that accepts and then drops
  // us (e.g. its rate limit) still sees growing delays instead of a tight reconnect loop.
  std::uint32_t stableAfterMs = 30000;
  std::uint32_t networkRetryMs = 15000;
};

enum class LinkState { NetworkDown, Waiting, Connecting, Connected };
enum class LinkEvent { None, Connected, Lost };

class Connection {
 public:
  Connection(Transport& transport, ConnectOptions options, ConnectionTiming timing, Random& random);

  // Advances the machine; returns Connected once per successful connect and Lost once per lost session.
  LinkEvent step(std::uint64_t nowMs);

  LinkState state() const { return state_; }
  std::uint64_t nextAttemptAtMs() const { return nextAttemptAtMs_; }
  std::uint32_t attemptsSinceStable() const { return backoff_.attempts(); }
  std::uint32_t connects() const { return connects_; }

 private:
  void scheduleRetry(std::uint64_t nowMs);

  Transport& transport_;
  ConnectOptions options_;
  ConnectionTiming timing_;
  Backoff backoff_;
  LinkState state_ = LinkState::NetworkDown;
  std::uint64_t nextAttemptAtMs_ = 0;
  std::uint64_t connectDeadlineMs_ = 0;
  std::uint64_t connectedAtMs_ = 0;
  std::uint64_t nextNetworkBeginMs_ = 0;
  std::uint32_t connects_ = 0;
};

}  // namespace mostrador
