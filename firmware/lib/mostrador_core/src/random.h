// A tiny seeded PRNG (xorshift32): deterministic in tests, seeded from esp_random() on the device.
// Only used for reconnect jitter, never for secrets.
#pragma once

#include <cstdint>

namespace mostrador {

class Random {
 public:
  explicit Random(std::uint32_t seed) : state_(seed == 0 ? 0x9E3779B9u : seed) {}
  std::uint32_t next() {
    std::uint32_t x = state_;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    state_ = x;
    return x;
  }
  // Uniform-enough integer in [0, bound]; bound 0 gives 0.
  std::uint32_t upTo(std::uint32_t bound) {
    return bound == 0 ? 0 : static_cast<std::uint32_t>(next() % (static_cast<std::uint64_t>(bound) + 1));
  }

 private:
  std::uint32_t state_;
};

}  // namespace mostrador
