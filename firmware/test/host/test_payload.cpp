#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "harness.h"
#include "payload.h"

using namespace mostrador;

static RelayCommand cmd(const std::string& s) { return parseRelayCommand(s.data(), s.size()); }

TEST("encodes a bare reading with trailing zeros trimmed") {
  std::string out;
  CHECK(encodeReading(4.7, 2, "", out));
  CHECK_EQ(out, std::string("4.7"));
  CHECK(encodeReading(-18.0, 1, nullptr, out));
  CHECK_EQ(out, std::string("-18"));
  CHECK(encodeReading(-0.01, 1, nullptr, out));
  CHECK_EQ(out, std::string("0"));
  CHECK(encodeReading(412, 0, "", out));
  CHECK_EQ(out, std::string("412"));
}

TEST("encodes a reading with its unit as JSON, UTF-8 unit intact") {
  std::string out;
  CHECK(encodeReading(4.66, 1, "°C", out));
  CHECK_EQ(out, std::string("{\"value\":4.7,\"unit\":\"°C\"}"));
  CHECK(encodeReading(1, 0, "a\"b", out));
  CHECK_EQ(out, std::string("{\"value\":1,\"unit\":\"a\\\"b\"}"));
}

TEST("refuses to encode NaN, infinity and absurdly large values") {
  std::string out = "x";
  CHECK(!encodeReading(std::nan(""), 1, "", out));
  CHECK(out.empty());
  CHECK(!encodeReading(std::numeric_limits<double>::infinity(), 1, "%", out));
  CHECK(!encodeReading(1e300, 2, "", out));
}

TEST("parses plain ON and OFF commands") {
  RelayCommand on = cmd("ON");
  CHECK(on.valid && on.on && on.seconds == 0);
  RelayCommand off = cmd(" OFF\r\n");
  CHECK(off.valid && !off.on);
}

TEST("parses a timed JSON command") {
  RelayCommand c = cmd("{\"state\":\"ON\",\"seconds\":600}");
  CHECK(c.valid && c.on);
  CHECK_EQ(c.seconds, 600u);
  RelayCommand spaced = cmd(" { \"seconds\" : 5 , \"state\" : \"ON\" } ");
  CHECK(spaced.valid && spaced.on && spaced.seconds == 5);
  RelayCommand off = cmd("{\"state\":\"OFF\"}");
  CHECK(off.valid && !off.on);
  RelayCommand extra = cmd("{\"state\":\"ON\",\"by\":\"regla 7\",\"n\":1.5,\"x\":null,\"y\":true}");
  CHECK(extra.valid && extra.on);
}

TEST("refuses garbage commands") {
  const char* bad[] = {
      "", "on", "On", "ONN", "O N", "1", "true", "null", "\"ON\"", "ON OFF",
      "{", "}", "{}", "[\"ON\"]", "{\"state\":\"on\"}", "{\"state\":1}", "{\"state\":\"ON\"",
      "{\"state\":\"ON\",}", "{\"state\":\"ON\"} x", "{\"state\":\"ON\",\"state\":\"OFF\"}",
      "{\"state\":\"ON\",\"seconds\":0}", "{\"state\":\"ON\",\"seconds\":-5}",
      "{\"state\":\"ON\",\"seconds\":1.5}", "{\"state\":\"ON\",\"seconds\":1e3}",
      "{\"state\":\"ON\",\"seconds\":86401}", "{\"state\":\"ON\",\"seconds\":99999999999999999999999}",
      "{\"state\":\"ON\",\"seconds\":\"600\"}", "{\"state\":\"OFF\",\"seconds\":10}",
      "{\"state\":\"ON\",\"nested\":{\"a\":1}}", "{\"state\":\"ON\",\"list\":[1]}",
      "{\"seconds\":600}", "{\"state\":\"O\\u004e\"}", "{state:\"ON\"}",
  };
  for (const char* b : bad) {
    if (cmd(b).valid) {
      std::printf("    accepted: %s\n", b);
      ++harness::failures();
    }
  }
}

TEST("refuses binary and embedded-NUL payloads without reading past the length") {
  const char withNul[] = {'O', 'N', '\0', 'X'};
  CHECK(!parseRelayCommand(withNul, sizeof withNul).valid);
  // "ON" followed by bytes outside the given length: only the first 2 bytes count.
  const char* longer = "ONXXXX";
  CHECK(parseRelayCommand(longer, 2).valid);
  const unsigned char binary[] = {0xff, 0x00, 0x7b, 0x22, 0x80, 0xfe};
  CHECK(!parseRelayCommand(reinterpret_cast<const char*>(binary), sizeof binary).valid);
  CHECK(!parseRelayCommand(nullptr, 2).valid);
  // Truncated JSON cut right inside a string or number.
  const std::string full = "{\"state\":\"ON\",\"seconds\":600}";
  for (std::size_t n = 1; n < full.size(); ++n) {
    if (parseRelayCommand(full.data(), n).valid) {
      std::printf("    accepted truncated at %zu\n", n);
      ++harness::failures();
    }
  }
}

TEST("refuses oversized commands even when they start valid") {
  std::string big = "{\"state\":\"ON\",\"pad\":\"" + std::string(200, 'a') + "\"}";
  CHECK(!cmd(big).valid);
  std::string spaces = "ON" + std::string(kMaxCommandLength, ' ');
  CHECK(!cmd(spaces).valid);
  std::string atLimit = "ON" + std::string(kMaxCommandLength - 2, ' ');
  CHECK(cmd(atLimit).valid);
}
