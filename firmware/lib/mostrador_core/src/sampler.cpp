#include "sampler.h"

namespace mostrador {

std::size_t Sampler::add(std::uint32_t intervalMs, std::uint64_t firstDueMs) {
  slots_.push_back({intervalMs < 100 ? 100 : intervalMs, firstDueMs});
  return slots_.size() - 1;
}

std::vector<std::size_t> Sampler::due(std::uint64_t nowMs) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    Slot& s = slots_[i];
    if (nowMs < s.nextMs) continue;
    out.push_back(i);
    s.nextMs += s.intervalMs;
    if (s.nextMs <= nowMs) s.nextMs = nowMs + s.intervalMs;  // fell behind: skip, do not burst
  }
  return out;
}

}  // namespace mostrador
