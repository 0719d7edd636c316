#include <cstdio>
#include <cstring>

#include "harness.h"

// Runs every registered test (or only those whose name contains argv[1]).
int main(int argc, char** argv) {
  int passed = 0;
  int failed = 0;
  for (const auto& c : harness::cases()) {
    if (argc > 1 && std::strstr(c.name, argv[1]) == nullptr) continue;
    const int before = harness::failures();
    c.fn();
    if (harness::failures() == before) {
      ++passed;
      std::printf("  ok   %s\n", c.name);
    } else {
      ++failed;
      std::printf("  FAIL %s\n", c.name);
    }
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
