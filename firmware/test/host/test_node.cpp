#include <map>

#include "fake_transport.h"
#include "harness.h"
#include "node.h"
#include "topics.h"

using namespace mostrador;

namespace {

struct Rig {
  FakeTransport tr;
  std::map<std::string, bool> outputs;
  std::map<std::string, double> values{{"temp", 4.26}};
  bool sensorWorks = true;
  std::vector<std::string> logs;
  Node node;

  explicit Rig(NodeConfig cfg)
      : node(
            std::move(cfg), tr,
            [this](const std::string& key, double& v) {
              if (!sensorWorks) return false;
              v = values[key];
              return true;
            },
            [this](const std::string& key, bool on) { outputs[key] = on; }, 1234,
            [this](const std::string& line) { logs.push_back(line); }) {}

  void message(const std::string& topic, const std::string& payload, std::uint64_t now) {
    node.onMessage(topic, payload.data(), payload.size(), now);
  }
};

NodeConfig config() {
  NodeConfig c;
  c.device = "heladera-1";
  c.secret = "s3cret";
  c.sensors = {{"temp", "°C", 10000, 1}};
  c.relays = {{"compresor", 60}};
  return c;
}

}  // namespace

TEST("connects as the device with a retained offline last will and announces online") {
  Rig rig(config());
  rig.node.loop(0);
  CHECK_EQ(rig.tr.lastOptions.clientId, std::string("heladera-1"));
  CHECK_EQ(rig.tr.lastOptions.username, std::string("heladera-1"));
  CHECK_EQ(rig.tr.lastOptions.password, std::string("s3cret"));
  CHECK_EQ(rig.tr.lastOptions.willTopic, std::string("mostrador/heladera-1/status"));
  CHECK_EQ(rig.tr.lastOptions.willPayload, std::string("offline"));
  CHECK(rig.tr.lastOptions.willRetain);
  CHECK(!rig.tr.published.empty());
  CHECK_EQ(rig.tr.published[0].topic, std::string("mostrador/heladera-1/status"));
  CHECK_EQ(rig.tr.published[0].payload, std::string("online"));
  CHECK(rig.tr.published[0].retain);
  CHECK_EQ(rig.tr.countPublished("mostrador/heladera-1/relay/compresor/state", "OFF"), 1);
}

TEST("resubscribes to its relay commands and re-reports relays after every reconnect") {
  Rig rig(config());
  rig.node.loop(0);
  CHECK_EQ(rig.tr.subscribed.size(), 1u);
  rig.tr.drop();
  rig.node.loop(10);
  const std::uint64_t retryAt = rig.node.connection().nextAttemptAtMs();
  rig.node.loop(retryAt);
  CHECK_EQ(rig.tr.subscribed.size(), 2u);
  CHECK_EQ(rig.tr.subscribed[1], std::string("mostrador/heladera-1/relay/compresor/set"));
  CHECK_EQ(rig.tr.countPublished("mostrador/heladera-1/status", "online"), 2);
  CHECK_EQ(rig.tr.countPublished("mostrador/heladera-1/relay/compresor/state", "OFF"), 2);
}

TEST("publishes readings on schedule with their unit") {
  Rig rig(config());
  for (std::uint64_t t = 0; t <= 30000; t += 100) rig.node.loop(t);
  CHECK_EQ(rig.tr.countPublished("mostrador/heladera-1/sensor/temp/state", "{\"value\":4.3,\"unit\":\"°C\"}"),
           4);  // t = 0, 10, 20, 30 s
  CHECK_EQ(rig.node.stats().readingsPublished, 4u);
}

TEST("drops readings while offline or when the sensor fails, instead of sending zeros") {
  Rig rig(config());
  rig.tr.network = false;
  for (std::uint64_t t = 0; t <= 20000; t += 100) rig.node.loop(t);
  CHECK_EQ(rig.node.stats().readingsPublished, 0u);
  CHECK_EQ(rig.node.stats().readingsDropped, 3u);
  rig.tr.network = true;
  rig.sensorWorks = false;
  for (std::uint64_t t = 20100; t <= 30000; t += 100) rig.node.loop(t);
  CHECK_EQ(rig.node.stats().readingsPublished, 0u);
  CHECK_EQ(rig.tr.countPublished("mostrador/heladera-1/sensor/temp/state", "0"), 0);
}

TEST("obeys a relay command, drives the output and echoes the state at once") {
  Rig rig(config());
  rig.node.loop(0);
  rig.message("mostrador/heladera-1/relay/compresor/set", "ON", 100);
  CHECK(rig.outputs["compresor"]);
  CHECK_EQ(rig.tr.countPublished("mostrador/heladera-1/relay/compresor/state", "ON"), 1);
  rig.message("mostrador/heladera-1/relay/compresor/set", "{\"state\":\"OFF\"}", 200);
  CHECK(!rig.outputs["compresor"]);
  CHECK_EQ(rig.tr.countPublished("mostrador/heladera-1/relay/compresor/state", "OFF"), 2);
}

TEST("ignores garbage, unknown relays and other devices' commands") {
  Rig rig(config());
  rig.node.loop(0);
  const std::size_t before = rig.tr.published.size();
  rig.message("mostrador/heladera-1/relay/compresor/set", "\xff\xfe garbage", 10);
  rig.message("mostrador/heladera-1/relay/otro/set", "ON", 10);
  rig.message("mostrador/heladera-2/relay/compresor/set", "ON", 10);
  rig.message("mostrador/heladera-1/relay/compresor/state", "ON", 10);
  CHECK(!rig.outputs["compresor"]);
  CHECK_EQ(rig.node.stats().commandsRejected, 4u);
  CHECK_EQ(rig.tr.published.size(), before);
}

TEST("local failsafe switches the relay off with the gateway gone and reports it on reconnect") {
  Rig rig(config());
  rig.node.loop(0);
  rig.message("mostrador/heladera-1/relay/compresor/set", "ON", 1000);
  CHECK(rig.outputs["compresor"]);
  rig.tr.network = false;  // gateway unreachable from here on
  for (std::uint64_t t = 1100; t < 61000; t += 100) rig.node.loop(t);
  CHECK(rig.outputs["compresor"]);
  rig.node.loop(61000);
  CHECK(!rig.outputs["compresor"]);
  CHECK_EQ(rig.node.stats().failsafeOffs, 1u);
  const int offsBefore = rig.tr.countPublished("mostrador/heladera-1/relay/compresor/state", "OFF");
  rig.tr.network = true;
  rig.node.loop(62000);
  CHECK_EQ(rig.tr.countPublished("mostrador/heladera-1/relay/compresor/state", "OFF"), offsBefore + 1);
}

TEST("a config that breaks the contract does nothing at all") {
  NodeConfig bad = config();
  bad.device = "Heladera 1";
  Rig rig(bad);
  CHECK(!rig.node.valid());
  rig.node.loop(0);
  CHECK_EQ(rig.tr.connectAttempts, 0);
  NodeConfig dup = config();
  dup.relays.push_back({"compresor", 10});
  Rig rig2(dup);
  CHECK(!rig2.node.valid());
}
