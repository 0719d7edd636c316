#include <cstdint>
#include <string>

#include "fake_transport.h"
#include "harness.h"
#include "node.h"
#include "payload.h"
#include "topics.h"

using namespace mostrador;

namespace {

NodeConfig barConfig() {
  NodeConfig c;
  c.device = "barra-nodo";
  c.secret = "s3cret";
  c.readers = {"rfid"};
  return c;
}

const std::uint8_t kCard[] = {0x04, 0xA3, 0x2B, 0x1C};
const std::uint8_t kOther[] = {0xDE, 0xAD, 0xBE, 0xEF};

}  // namespace

TEST("encodes a card's UID as upper-case hex in the chip's order, for every chip length only") {
  std::string out;
  CHECK(encodeCardTap(kCard, 4, out));
  CHECK_EQ(out, std::string("04A32B1C"));
  const std::uint8_t seven[] = {0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66};
  CHECK(encodeCardTap(seven, 7, out));
  CHECK_EQ(out, std::string("04112233445566"));
  CHECK(!encodeCardTap(kCard, 3, out));
  CHECK(out.empty());
  CHECK(!encodeCardTap(kCard, 0, out));
  CHECK(!encodeCardTap(nullptr, 4, out));
}

TEST("builds and parses its reader's tap topic") {
  CHECK_EQ(readerTapTopic("barra-nodo", "rfid"), std::string("mostrador/barra-nodo/reader/rfid/tap"));
  const ParsedTopic p = parseTopic("mostrador/barra-nodo/reader/rfid/tap");
  CHECK(p.kind == TopicKind::ReaderTap);
  CHECK_EQ(p.key, std::string("rfid"));
  CHECK(parseTopic("mostrador/barra-nodo/reader/rfid/state").kind == TopicKind::None);
}

TEST("publishes one tap per card, not retained, and again once the card was taken away") {
  FakeTransport tr;
  Node node(barConfig(), tr, nullptr, nullptr, 1);
  node.loop(0);
  CHECK(node.cardTap("rfid", kCard, 4, 100));
  CHECK(!node.cardTap("rfid", kCard, 4, 300));  // still lying on the reader
  CHECK(node.cardTap("rfid", kOther, 4, 400));
  CHECK(node.cardTap("rfid", kCard, 4, 2000));
  CHECK_EQ(tr.countPublished("mostrador/barra-nodo/reader/rfid/tap", "04A32B1C"), 2);
  CHECK_EQ(tr.countPublished("mostrador/barra-nodo/reader/rfid/tap", "DEADBEEF"), 1);
  for (const auto& m : tr.published)
    if (m.topic == "mostrador/barra-nodo/reader/rfid/tap") CHECK(!m.retain);
  CHECK_EQ(node.stats().tapsPublished, 3u);
}

TEST("drops a tap while offline instead of queueing it, and refuses unknown readers and bad UIDs") {
  FakeTransport tr;
  tr.network = false;
  Node node(barConfig(), tr, nullptr, nullptr, 1);
  node.loop(0);
  CHECK(!node.cardTap("rfid", kCard, 4, 100));
  tr.network = true;
  node.loop(5000);
  node.loop(node.connection().nextAttemptAtMs());
  CHECK(!node.cardTap("otro", kOther, 4, 200000));
  CHECK(!node.cardTap("rfid", kOther, 2, 200001));
  CHECK_EQ(tr.countPublished("mostrador/barra-nodo/reader/rfid/tap", "04A32B1C"), 0);
  CHECK_EQ(node.stats().tapsDropped, 3u);
}

TEST("refuses a config with a bad or duplicate reader key") {
  FakeTransport tr;
  NodeConfig bad = barConfig();
  bad.readers = {"rfid", "rfid"};
  CHECK(!Node(bad, tr, nullptr, nullptr, 1).valid());
  bad.readers = {"RFID"};
  CHECK(!Node(bad, tr, nullptr, nullptr, 1).valid());
}
