#include "connection.h"
#include "fake_transport.h"
#include "harness.h"

using namespace mostrador;

static ConnectionTiming timing() {
  ConnectionTiming t;
  t.backoffBaseMs = 1000;
  t.backoffCapMs = 16000;
  t.connectTimeoutMs = 5000;
  t.stableAfterMs = 30000;
  t.networkRetryMs = 10000;
  return t;
}

TEST("connects at once when the network comes up") {
  FakeTransport tr;
  Random rnd(1);
  Connection c(tr, ConnectOptions{}, timing(), rnd);
  CHECK(c.step(0) == LinkEvent::Connected);
  CHECK(c.state() == LinkState::Connected);
  CHECK_EQ(tr.connectAttempts, 1);
}

TEST("waits for Wi-Fi, retrying the association at its own pace") {
  FakeTransport tr;
  tr.network = false;
  Random rnd(1);
  Connection c(tr, ConnectOptions{}, timing(), rnd);
  for (std::uint64_t t = 0; t < 25000; t += 100) CHECK(c.step(t) == LinkEvent::None);
  CHECK_EQ(tr.networkBegins, 3);  // t = 0, 10 s, 20 s
  CHECK_EQ(tr.connectAttempts, 0);
  tr.network = true;
  CHECK(c.step(25000) == LinkEvent::Connected);
}

TEST("refused connects back off exponentially up to the cap") {
  FakeTransport tr;
  tr.acceptConnect = false;
  Random rnd(3);
  Connection c(tr, ConnectOptions{}, timing(), rnd);
  std::uint64_t now = 0;
  std::vector<std::uint64_t> gaps;
  std::uint64_t lastAttemptAt = 0;
  int lastAttempts = 0;
  for (; now < 200000; now += 10) {
    c.step(now);
    if (tr.connectAttempts != lastAttempts) {
      if (lastAttempts > 0) gaps.push_back(now - lastAttemptAt);
      lastAttempts = tr.connectAttempts;
      lastAttemptAt = now;
    }
  }
  CHECK(gaps.size() >= 8);
  const std::uint64_t ceilings[] = {1000, 2000, 4000, 8000, 16000, 16000, 16000, 16000};
  for (std::size_t i = 0; i < 8 && i < gaps.size(); ++i) {
    // Equal jitter: between half the ceiling and the ceiling (plus one 10 ms step of loop granularity).
    if (gaps[i] < ceilings[i] / 2 || gaps[i] > ceilings[i] + 10) {
      std::printf("    gap %zu = %llu outside [%llu, %llu]\n", i, static_cast<unsigned long long>(gaps[i]),
                  static_cast<unsigned long long>(ceilings[i] / 2),
                  static_cast<unsigned long long>(ceilings[i]));
      ++harness::failures();
    }
  }
}

TEST("a CONNACK that never arrives times out and is retried") {
  FakeTransport tr;
  tr.answerConnect = false;
  Random rnd(5);
  Connection c(tr, ConnectOptions{}, timing(), rnd);
  c.step(0);
  CHECK(c.state() == LinkState::Connecting);
  c.step(4999);
  CHECK(c.state() == LinkState::Connecting);
  c.step(5000);
  CHECK(c.state() == LinkState::Waiting);
  CHECK_EQ(tr.disconnects, 1);
  tr.answerConnect = true;
  c.step(5000 + 1000);
  CHECK(c.state() == LinkState::Connected);
}

TEST("a dropped session is reported once and reconnected after a backoff") {
  FakeTransport tr;
  Random rnd(9);
  Connection c(tr, ConnectOptions{}, timing(), rnd);
  c.step(0);
  tr.drop();
  CHECK(c.step(100) == LinkEvent::Lost);
  CHECK(c.state() == LinkState::Waiting);
  CHECK(c.nextAttemptAtMs() >= 100 + 500 && c.nextAttemptAtMs() <= 100 + 1000);
  CHECK(c.step(c.nextAttemptAtMs()) == LinkEvent::Connected);
  CHECK_EQ(c.connects(), 2u);
}

TEST("a broker that keeps dropping us right after CONNACK still sees growing delays") {
  FakeTransport tr;
  Random rnd(11);
  Connection c(tr, ConnectOptions{}, timing(), rnd);
  std::uint64_t now = 0;
  c.step(now);
  for (int i = 0; i < 5; ++i) {
    tr.drop();
    c.step(++now);
    now = c.nextAttemptAtMs();
    CHECK(c.step(now) == LinkEvent::Connected);
  }
  CHECK_EQ(c.attemptsSinceStable(), 5u);
  // Staying up past stableAfterMs resets the backoff: the next drop reconnects quickly.
  c.step(now + 30000);
  CHECK_EQ(c.attemptsSinceStable(), 0u);
}

TEST("losing Wi-Fi while connected is a lost session") {
  FakeTransport tr;
  Random rnd(2);
  Connection c(tr, ConnectOptions{}, timing(), rnd);
  c.step(0);
  tr.network = false;
  CHECK(c.step(10) == LinkEvent::Lost);
  CHECK(c.state() == LinkState::NetworkDown);
  CHECK(c.step(20) == LinkEvent::None);
}
