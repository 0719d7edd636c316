#include "relay.h"

#include <utility>

namespace mostrador {

Relay::Relay(std::string key, std::uint32_t maxOnSeconds)
    : key_(std::move(key)), maxOnSeconds_(maxOnSeconds == 0 ? 1 : maxOnSeconds) {}

void Relay::set(bool on) {
  if (on_ != on) needsReport_ = true;
  on_ = on;
}

void Relay::apply(const RelayCommand& cmd, std::uint64_t nowMs) {
  if (!cmd.valid) return;
  if (!cmd.on) {
    set(false);
    offAtMs_ = 0;
    // The gateway waits for an echo even when nothing changed, so always confirm a command.
    needsReport_ = true;
    return;
  }
  if (!on_) onSinceMs_ = nowMs;
  const std::uint64_t hardLimit = onSinceMs_ + static_cast<std::uint64_t>(maxOnSeconds_) * 1000;
  std::uint64_t offAt = hardLimit;
  if (cmd.seconds > 0) {
    const std::uint64_t requested = nowMs + static_cast<std::uint64_t>(cmd.seconds) * 1000;
    if (requested < offAt) offAt = requested;
  }
  set(true);
  offAtMs_ = offAt;
  needsReport_ = true;
  tick(nowMs);  // a renewed ON past the hard limit switches off right away
}

bool Relay::tick(std::uint64_t nowMs) {
  if (!on_ || nowMs < offAtMs_) return false;
  set(false);
  offAtMs_ = 0;
  return true;
}

}  // namespace mostrador
