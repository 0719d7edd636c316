#include "harness.h"
#include "relay.h"

using namespace mostrador;

static RelayCommand on(std::uint32_t seconds = 0) { return RelayCommand{true, true, seconds}; }
static RelayCommand off() { return RelayCommand{true, false, 0}; }

TEST("a relay boots OFF and asks to report that state") {
  Relay r("valve", 60);
  CHECK(!r.on());
  CHECK(r.needsReport());
}

TEST("failsafe switches a plain ON off after the max on-time, to the millisecond") {
  Relay r("valve", 60);
  r.apply(on(), 1000);
  CHECK(r.on());
  CHECK(!r.tick(1000 + 59999));
  CHECK(r.on());
  CHECK(r.tick(1000 + 60000));
  CHECK(!r.on());
  CHECK(r.needsReport());
  CHECK(!r.tick(1000 + 60001));  // switching off happens once
}

TEST("a timed ON ends at its own duration when shorter than the failsafe") {
  Relay r("valve", 600);
  r.apply(on(10), 0);
  CHECK(!r.tick(9999));
  CHECK(r.tick(10000));
}

TEST("a timed ON longer than the failsafe is cut at the failsafe") {
  Relay r("valve", 30);
  r.apply(on(3600), 0);
  CHECK_EQ(r.offAtMs(), 30000ull);
  CHECK(r.tick(30000));
}

TEST("renewed ON commands cannot keep a relay on past its max on-time") {
  Relay r("valve", 60);
  r.apply(on(), 0);
  r.apply(on(), 50000);
  CHECK_EQ(r.offAtMs(), 60000ull);
  r.apply(on(30), 55000);
  CHECK_EQ(r.offAtMs(), 60000ull);
  CHECK(r.tick(60000));
  CHECK(!r.on());
  // After an OFF the count starts again.
  r.apply(on(), 70000);
  CHECK_EQ(r.offAtMs(), 130000ull);
}

TEST("OFF switches off at once and is confirmed even when already off") {
  Relay r("valve", 60);
  r.markReported();
  r.apply(off(), 5);
  CHECK(!r.on());
  CHECK(r.needsReport());
  r.markReported();
  r.apply(on(), 10);
  r.apply(off(), 20);
  CHECK(!r.on());
  CHECK(!r.tick(60000 + 10));
}

TEST("an invalid command changes nothing") {
  Relay r("valve", 60);
  r.markReported();
  r.apply(RelayCommand{}, 5);
  CHECK(!r.on());
  CHECK(!r.needsReport());
}

TEST("a zero max on-time still has a failsafe of one second") {
  Relay r("valve", 0);
  r.apply(on(), 0);
  CHECK_EQ(r.maxOnSeconds(), 1u);
  CHECK(r.tick(1000));
}
