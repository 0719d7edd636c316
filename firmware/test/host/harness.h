// A tiny self-contained test harness (no downloads): TEST registers a function, CHECK records failures
// with file:line, main() runs everything and prints "N passed, N failed" (parsed by host-firmware.test.ts).
#pragma once

#include <cstdio>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace harness {

struct Case {
  const char* name;
  void (*fn)();
};

inline std::vector<Case>& cases() {
  static std::vector<Case> all;
  return all;
}

inline int& failures() {
  static int n = 0;
  return n;
}

struct Registrar {
  Registrar(const char* name, void (*fn)()) { cases().push_back({name, fn}); }
};

template <typename A, typename B>
void checkEqual(const A& actual, const B& expected, const char* expr, const char* file, int line) {
  if (actual == expected) return;
  std::ostringstream a, e;
  a << actual;
  e << expected;
  std::printf("    %s:%d: CHECK_EQ(%s): got [%s], expected [%s]\n", file, line, expr, a.str().c_str(),
              e.str().c_str());
  ++failures();
}

}  // namespace harness

#define HARNESS_CAT2(a, b) a##b
#define HARNESS_CAT(a, b) HARNESS_CAT2(a, b)
#define TEST(name)                                                                          \
  static void HARNESS_CAT(test_fn_, __LINE__)();                                             \
  static harness::Registrar HARNESS_CAT(test_reg_, __LINE__)(name, &HARNESS_CAT(test_fn_, __LINE__)); \
  static void HARNESS_CAT(test_fn_, __LINE__)()

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      std::printf("    %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
      ++harness::failures();                                                   \
    }                                                                          \
  } while (0)

#define CHECK_EQ(actual, expected) \
  harness::checkEqual((actual), (expected), #actual " == " #expected, __FILE__, __LINE__)
