#include "backoff.h"

namespace mostrador {

Backoff::Backoff(std::uint32_t baseMs, std::uint32_t capMs, Random& random)
    : baseMs_(baseMs == 0 ? 1 : baseMs), capMs_(capMs < baseMs ? baseMs : capMs), random_(random) {}

std::uint32_t Backoff::ceiling() const {
  std::uint64_t d = baseMs_;
  // Doubling stops at the cap, so a node down for days never overflows.
  for (std::uint32_t i = 0; i < attempt_ && d < capMs_; ++i) d *= 2;
  return d > capMs_ ? capMs_ : static_cast<std::uint32_t>(d);
}

std::uint32_t Backoff::next() {
  const std::uint32_t c = ceiling();
  if (attempt_ < 64) ++attempt_;
  const std::uint32_t half = c / 2;
  return half + random_.upTo(c - half);
}

}  // namespace mostrador
