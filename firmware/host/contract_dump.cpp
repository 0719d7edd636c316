// Reads commands from stdin and prints what the C++ contract code answers, one line each, so
// host-firmware.test.ts can compare it with @mostrador/contracts/mqtt for the same inputs:
//   build\t<device>\t<key>   ->  status\tsensorState\trelaySet\trelayState
//   parse\t<topic>           ->  kind\tdevice\tkey   (kind "none" when refused)
//   id\t<candidate>          ->  1 or 0
//   reading\t<value>\t<decimals>\t<unit>  ->  the payload encodeReading writes, or "refused"
//   command\t<payload>       ->  ON\t<seconds> or OFF\t<seconds> (0 = none), or "invalid"
//   tap\t<device>\t<key>     ->  the reader's tap topic
//   uid\t<hex bytes>         ->  the payload encodeCardTap writes for those bytes, or "refused"
#include <iostream>
#include <cstdlib>
#include <string>

#include "payload.h"
#include "topics.h"

using namespace mostrador;

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    const std::size_t tab = line.find('\t');
    const std::string cmd = line.substr(0, tab);
    const std::string rest = tab == std::string::npos ? "" : line.substr(tab + 1);
    if (cmd == "build") {
      const std::size_t t2 = rest.find('\t');
      const std::string device = rest.substr(0, t2);
      const std::string key = t2 == std::string::npos ? "" : rest.substr(t2 + 1);
      std::cout << statusTopic(device) << '\t' << sensorStateTopic(device, key) << '\t'
                << relaySetTopic(device, key) << '\t' << relayStateTopic(device, key) << '\n';
    } else if (cmd == "parse") {
      const ParsedTopic p = parseTopic(rest);
      std::cout << topicKindName(p.kind) << '\t' << p.device << '\t' << p.key << '\n';
    } else if (cmd == "id") {
      std::cout << (isValidId(rest) ? 1 : 0) << '\n';
    } else if (cmd == "reading") {
      const std::size_t t2 = rest.find('\t');
      const std::size_t t3 = rest.find('\t', t2 + 1);
      const double value = std::strtod(rest.substr(0, t2).c_str(), nullptr);
      const int decimals = std::atoi(rest.substr(t2 + 1, t3 - t2 - 1).c_str());
      const std::string unit = t3 == std::string::npos ? "" : rest.substr(t3 + 1);
      std::string out;
      std::cout << (encodeReading(value, decimals, unit.c_str(), out) ? out : "refused") << '\n';
    } else if (cmd == "command") {
      const RelayCommand c = parseRelayCommand(rest.data(), rest.size());
      if (c.valid) std::cout << (c.on ? kRelayOn : kRelayOff) << '\t' << c.seconds << '\n';
      else std::cout << "invalid\n";
    } else if (cmd == "tap") {
      const std::size_t t2 = rest.find('\t');
      std::cout << readerTapTopic(rest.substr(0, t2), t2 == std::string::npos ? "" : rest.substr(t2 + 1)) << '\n';
    } else if (cmd == "uid") {
      std::string bytes;
      for (std::size_t i = 0; i + 1 < rest.size(); i += 2)
        bytes.push_back(static_cast<char>(std::strtoul(rest.substr(i, 2).c_str(), nullptr, 16)));
      std::string out;
      const bool ok = encodeCardTap(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), out);
      std::cout << (ok ? out : "refused") << '\n';
    } else {
      std::cout << "?\n";
    }
  }
  return 0;
}
