// The firmware's node logic (lib/mostrador_core) as a Linux program: the same Node class the ESP32 runs,
// over libmosquitto instead of WiFi + PubSubClient, with fake sensor values. Used by
// firmware/host-firmware.test.ts against the real gateway, and handy to poke a running appliance.
//
//   node-sim --host 127.0.0.1 --port 1883 --device heladera-1 --sensor temp:°C:1000:4.5
//            --relay compresor:600
// The secret comes from MOSTRADOR_DEVICE_SECRET (not argv, which other users can read in ps).
// Prints one line per event on stdout ("mqtt connected", "relay compresor OFF failsafe", ...).
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "mosquitto_transport.h"
#include "node.h"
#include "topics.h"

using namespace mostrador;

namespace {

volatile sig_atomic_t stopRequested = 0;
void onSignal(int) { stopRequested = 1; }

std::uint64_t nowMs() {
  using namespace std::chrono;
  return static_cast<std::uint64_t>(duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
}

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "node-sim: %s\nusage: node-sim --host H --port P --device SLUG [--sensor key:unit:ms:value]... "
               "[--relay key:maxOnSeconds]... [--seed N]   (secret in MOSTRADOR_DEVICE_SECRET)\n",
               why);
  std::exit(2);
}

// Splits "a:b:c" into up to `n` fields.
std::vector<std::string> fields(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = s.find(':', start);
    out.push_back(s.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::string host = "127.0.0.1";
  int port = 1883;
  std::uint32_t seed = 1;
  NodeConfig config;
  std::map<std::string, double> values;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) usage(("missing value for " + a).c_str());
    const std::string v = argv[++i];
    if (a == "--host") host = v;
    else if (a == "--port") port = std::atoi(v.c_str());
    else if (a == "--device") config.device = v;
    else if (a == "--seed") seed = static_cast<std::uint32_t>(std::strtoul(v.c_str(), nullptr, 10));
    else if (a == "--sensor") {
      const auto f = fields(v);
      if (f.size() != 4) usage("--sensor is key:unit:intervalMs:value");
      config.sensors.push_back({f[0], f[1], static_cast<std::uint32_t>(std::strtoul(f[2].c_str(), nullptr, 10)), 2});
      values[f[0]] = std::strtod(f[3].c_str(), nullptr);
    } else if (a == "--relay") {
      const auto f = fields(v);
      if (f.size() != 2) usage("--relay is key:maxOnSeconds");
      config.relays.push_back({f[0], static_cast<std::uint32_t>(std::strtoul(f[1].c_str(), nullptr, 10))});
    } else {
      usage(("unknown option " + a).c_str());
    }
  }
  const char* secret = std::getenv("MOSTRADOR_DEVICE_SECRET");
  if (secret == nullptr || *secret == '\0') usage("MOSTRADOR_DEVICE_SECRET is not set");
  config.secret = secret;
  // Short delays so a test sees reconnects within seconds; the ESP32 keeps the production defaults.
  config.timing.backoffBaseMs = 200;
  config.timing.backoffCapMs = 5000;
  config.timing.connectTimeoutMs = 3000;

  mosquitto_lib_init();
  Node* nodePtr = nullptr;
  MosquittoTransport transport(host, port, [&](const std::string& topic, const char* payload, std::size_t len) {
    if (nodePtr != nullptr) nodePtr->onMessage(topic, payload, len, nowMs());
  });
  Node node(
      config, transport,
      [&](const std::string& key, double& value) {
        value = values[key];
        return true;
      },
      [](const std::string& key, bool on) { std::printf("output %s %s\n", key.c_str(), on ? "ON" : "OFF"); },
      seed, [](const std::string& line) { std::printf("%s\n", line.c_str()); });
  if (!node.valid()) {
    usage((std::string("the device, sensor or relay ids break the contract ") + kIdPattern).c_str());
  }
  nodePtr = &node;

  signal(SIGINT, onSignal);
  signal(SIGTERM, onSignal);
  std::printf("node-sim %s starting\n", config.device.c_str());
  while (!stopRequested) {
    if (!transport.pump(20)) usleep(20 * 1000);
    node.loop(nowMs());
  }
  // A clean stop says goodbye itself; only a crash or power cut leaves it to the last will.
  transport.publish(statusTopic(config.device), kStatusOffline, true);
  transport.pump(50);
  transport.disconnect();
  mosquitto_lib_cleanup();
  std::printf("node-sim stopped\n");
  return 0;
}
