// Payloads of the contract: readings the node publishes and relay commands it receives.
// Commands come from the network, so parsing is strict, bounded and never trusts lengths or terminators.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "contract.h"

namespace mostrador {

// From contract.h: kMaxCommandLength (anything longer is not a relay command; the largest valid one is
// ~40 bytes) and kMaxCommandSeconds (a timed ON longer than a day is a mistake, not a command).

// "4.7" (unit empty) or {"value":4.7,"unit":"°C"}; `decimals` 0..6, trailing zeros trimmed.
// Returns false (and leaves `out` empty) for NaN/inf, which the gateway would reject anyway.
bool encodeReading(double value, int decimals, const char* unit, std::string& out);

struct RelayCommand {
  bool valid = false;
  bool on = false;
  std::uint32_t seconds = 0;  // 0 = no duration given
};

// Accepts "ON" / "OFF" (surrounding whitespace allowed) or {"state":"ON"|"OFF","seconds":N}
// (N an integer 1..kMaxCommandSeconds; unknown keys with simple values are ignored).
// Anything else — garbage, binary, oversized, duplicate or malformed fields — is invalid.
RelayCommand parseRelayCommand(const char* data, std::size_t length);

// A card's UID as the node publishes it on .../reader/<key>/tap: the chip's bytes in the order the chip
// sent them, as upper-case hex ("04A32B1C"). False (and `out` empty) for a length no chip has
// (kUidByteLengths): an RC522 read gone wrong is not sent as a card.
bool encodeCardTap(const std::uint8_t* uid, std::size_t length, std::string& out);

}  // namespace mostrador
