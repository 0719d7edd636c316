#include "harness.h"
#include "topics.h"

using namespace mostrador;

TEST("builds the four contract topics") {
  CHECK_EQ(statusTopic("heladera-1"), std::string("mostrador/heladera-1/status"));
  CHECK_EQ(sensorStateTopic("heladera-1", "temp"), std::string("mostrador/heladera-1/sensor/temp/state"));
  CHECK_EQ(relaySetTopic("riego", "valve_1"), std::string("mostrador/riego/relay/valve_1/set"));
  CHECK_EQ(relayStateTopic("riego", "valve_1"), std::string("mostrador/riego/relay/valve_1/state"));
}

TEST("accepts ids of [a-z0-9_-] up to 32 characters and nothing else") {
  CHECK(isValidId("a"));
  CHECK(isValidId("heladera_2-b"));
  CHECK(isValidId(std::string(32, 'x')));
  CHECK(!isValidId(std::string(33, 'x')));
  CHECK(!isValidId(""));
  CHECK(!isValidId("Heladera"));
  CHECK(!isValidId("a/b"));
  CHECK(!isValidId("a+"));
  CHECK(!isValidId("#"));
  CHECK(!isValidId("a b"));
  CHECK(!isValidId("cámara"));
}

TEST("parses every contract topic back into device and key") {
  ParsedTopic s = parseTopic("mostrador/dev/status");
  CHECK(s.kind == TopicKind::Status);
  CHECK_EQ(s.device, std::string("dev"));
  ParsedTopic r = parseTopic("mostrador/dev/relay/valve/set");
  CHECK(r.kind == TopicKind::RelaySet);
  CHECK_EQ(r.key, std::string("valve"));
  CHECK(parseTopic("mostrador/dev/relay/valve/state").kind == TopicKind::RelayState);
  CHECK(parseTopic("mostrador/dev/sensor/t/state").kind == TopicKind::SensorState);
}

TEST("refuses topics outside the contract") {
  const char* bad[] = {
      "",
      "mostrador",
      "mostrador/",
      "mostrador/dev",
      "mostrador/dev/status/x",
      "mostrador/dev/sensor/t/state/extra",
      "mostrador/dev/sensor/t/set",
      "mostrador/dev/relay/v/command",
      "mostrador/+/status",
      "mostrador/#",
      "mostrador/dev/relay/+/set",
      "Mostrador/dev/status",
      "other/dev/status",
      "/mostrador/dev/status",
      "mostrador//status",
      "mostrador/dev//t/state",
      "mostrador/DEV/status",
      "$SYS/broker/clients",
  };
  for (const char* t : bad) {
    if (parseTopic(t).kind != TopicKind::None) {
      std::printf("    accepted: %s\n", t);
      ++harness::failures();
    }
  }
  CHECK(parseTopic("mostrador/" + std::string(33, 'a') + "/status").kind == TopicKind::None);
}

TEST("the longest contract topic is exactly the generated maximum length") {
  const std::string id(kMaxIdLength, 'z');
  std::size_t longest = statusTopic(id).size();
  for (const std::string& t : {sensorStateTopic(id, id), relaySetTopic(id, id), relayStateTopic(id, id)}) {
    CHECK(t.size() <= kMaxTopicLength);
    if (t.size() > longest) longest = t.size();
  }
  CHECK_EQ(longest, kMaxTopicLength);
}
