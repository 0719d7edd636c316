// Sensor sampling schedule: each sensor has its own interval; samples keep a fixed cadence (no drift from
// loop jitter), and after a long stall (Wi-Fi connect blocking the loop) missed samples are skipped rather
// than sent as a burst.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mostrador {

class Sampler {
 public:
  // Adds a sensor sampled every intervalMs (minimum 100 ms); its first sample is due at firstDueMs.
  // Returns its index.
  std::size_t add(std::uint32_t intervalMs, std::uint64_t firstDueMs);
  // Indexes of the sensors due at nowMs, in the order they were added; advances their schedule.
  std::vector<std::size_t> due(std::uint64_t nowMs);
  std::uint64_t nextDueMs(std::size_t index) const { return slots_[index].nextMs; }
  std::size_t size() const { return slots_.size(); }

 private:
  struct Slot {
    std::uint32_t intervalMs;
    std::uint64_t nextMs;
  };
  std::vector<Slot> slots_;
};

}  // namespace mostrador
