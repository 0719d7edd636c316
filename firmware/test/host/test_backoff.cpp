#include <set>

#include "backoff.h"
#include "harness.h"

using namespace mostrador;

TEST("backoff ceiling doubles from the base up to the cap") {
  Random rnd(42);
  Backoff b(1000, 60000, rnd);
  const std::uint32_t expected[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
  for (std::uint32_t e : expected) {
    CHECK_EQ(b.ceiling(), e);
    const std::uint32_t d = b.next();
    CHECK(d >= e / 2 && d <= e);
  }
}

TEST("backoff never exceeds the cap after thousands of failures") {
  Random rnd(7);
  Backoff b(500, 30000, rnd);
  for (int i = 0; i < 5000; ++i) {
    if (b.next() > 30000) {
      ++harness::failures();
      break;
    }
  }
  CHECK_EQ(b.ceiling(), 30000u);
}

TEST("backoff jitter spreads nodes with different seeds") {
  std::set<std::uint32_t> delays;
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    Random rnd(seed);
    Backoff b(1000, 60000, rnd);
    for (int i = 0; i < 5; ++i) b.next();
    delays.insert(b.next());  // sixth attempt: ceiling 32 s
  }
  CHECK(delays.size() >= 15);
  for (std::uint32_t d : delays) CHECK(d >= 16000 && d <= 32000);
}

TEST("backoff is repeatable for the same seed and restarts from the base after reset") {
  Random r1(99), r2(99);
  Backoff a(1000, 60000, r1), b(1000, 60000, r2);
  for (int i = 0; i < 10; ++i) CHECK_EQ(a.next(), b.next());
  a.reset();
  CHECK_EQ(a.ceiling(), 1000u);
  const std::uint32_t d = a.next();
  CHECK(d >= 500 && d <= 1000);
}
