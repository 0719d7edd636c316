// Reconnect delays: exponential growth from `baseMs`, capped at `capMs`, with "equal jitter"
// (half the delay fixed, half random) so that after a power cut the shop's nodes do not all reconnect in
// the same millisecond — and do not trip the broker's per-address connection rate limit together.
#pragma once

#include <cstdint>

#include "random.h"

namespace mostrador {

class Backoff {
 public:
  Backoff(std::uint32_t baseMs, std::uint32_t capMs, Random& random);

  // The delay before the next attempt, in [ceiling/2, ceiling] where ceiling = min(cap, base * 2^attempt).
  std::uint32_t next();
  // The ceiling the next call will use (for tests and logs).
  std::uint32_t ceiling() const;
  std::uint32_t attempts() const { return attempt_; }
  void reset() { attempt_ = 0; }

 private:
  std::uint32_t baseMs_;
  std::uint32_t capMs_;
  std::uint32_t attempt_ = 0;
  Random& random_;
};

}  // namespace mostrador
