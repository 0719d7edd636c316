// One relay output with a LOCAL failsafe: it never stays ON longer than max_on_seconds after it switched
// on, whatever the network does. The gateway enforces the same limit, but a valve must close even when
// the gateway, the Wi-Fi or the MQTT session is gone — so the limit lives here too.
#pragma once

#include <cstdint>
#include <string>

#include "payload.h"

namespace mostrador {

class Relay {
 public:
  // maxOnSeconds == 0 is treated as 1: a relay without a failsafe is not allowed.
  Relay(std::string key, std::uint32_t maxOnSeconds);

  const std::string& key() const { return key_; }
  bool on() const { return on_; }
  std::uint32_t maxOnSeconds() const { return maxOnSeconds_; }
  // When the relay will switch itself off (ms, same clock as nowMs); 0 when OFF.
  std::uint64_t offAtMs() const { return on_ ? offAtMs_ : 0; }

  // Applies a parsed command. A timed ON ends after min(seconds, max on-time); a renewed ON while already
  // on can move the deadline but never past onSince + max on-time (the failsafe counts continuous on-time).
  void apply(const RelayCommand& cmd, std::uint64_t nowMs);
  // Switches off when the deadline passed. Call often (every loop); returns true when it switched off.
  bool tick(std::uint64_t nowMs);

  // True after any change until the state was reported on .../relay/<key>/state.
  bool needsReport() const { return needsReport_; }
  void markReported() { needsReport_ = false; }
  void markNeedsReport() { needsReport_ = true; }

 private:
  void set(bool on);

  std::string key_;
  std::uint32_t maxOnSeconds_;
  bool on_ = false;  // boot state is OFF: the safe state for a valve or a heater
  std::uint64_t onSinceMs_ = 0;
  std::uint64_t offAtMs_ = 0;
  bool needsReport_ = true;  // report the boot state on the first connection
};

}  // namespace mostrador
