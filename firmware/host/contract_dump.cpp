// Reads commands from stdin and prints what the C++ contract code answers, one line each, so
// host-firmware.test.ts can compare it with gateway/src/contract/topics.ts for the same inputs:
//   build\t<device>\t<key>   ->  status\tsensorState\trelaySet\trelayState
//   parse\t<topic>           ->  kind\tdevice\tkey   (kind "none" when refused)
//   id\t<candidate>          ->  1 or 0
#include <iostream>
#include <string>

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
    } else {
      std::cout << "?\n";
    }
  }
  return 0;
}
