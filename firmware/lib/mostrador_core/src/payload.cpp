#include "payload.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace mostrador {

namespace {

void appendJsonString(std::string& out, const char* s) {
  out.push_back('"');
  for (const char* p = s; *p; ++p) {
    const unsigned char c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", c);
      out.append(esc);
    } else {
      out.push_back(static_cast<char>(c));  // UTF-8 bytes ("°C") pass through unchanged
    }
  }
  out.push_back('"');
}

// A cursor over untrusted bytes: every read checks the end, nothing assumes a NUL terminator.
struct Cursor {
  const char* p;
  const char* end;
  bool atEnd() const { return p >= end; }
  char peek() const { return atEnd() ? '\0' : *p; }
  void skipSpace() {
    while (!atEnd() && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) ++p;
  }
  bool eat(char c) {
    skipSpace();
    if (peek() != c) return false;
    ++p;
    return true;
  }
};

// Simple JSON strings only: escapes other than \" and \\ are refused (no command needs them).
bool readString(Cursor& c, std::string& out) {
  if (!c.eat('"')) return false;
  out.clear();
  while (!c.atEnd()) {
    char ch = *c.p++;
    if (ch == '"') return true;
    if (ch == '\\') {
      if (c.atEnd()) return false;
      ch = *c.p++;
      if (ch != '"' && ch != '\\') return false;
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      return false;
    }
    if (out.size() >= 32) return false;
    out.push_back(ch);
  }
  return false;
}

// A JSON number token; `isInteger` tells whether it had no fraction or exponent.
bool readNumber(Cursor& c, double& value, bool& isInteger) {
  c.skipSpace();
  const char* start = c.p;
  isInteger = true;
  if (c.peek() == '-') ++c.p;
  if (!(c.peek() >= '0' && c.peek() <= '9')) return false;
  while (c.peek() >= '0' && c.peek() <= '9') ++c.p;
  if (c.peek() == '.') {
    isInteger = false;
    ++c.p;
    if (!(c.peek() >= '0' && c.peek() <= '9')) return false;
    while (c.peek() >= '0' && c.peek() <= '9') ++c.p;
  }
  if (c.peek() == 'e' || c.peek() == 'E') {
    isInteger = false;
    ++c.p;
    if (c.peek() == '+' || c.peek() == '-') ++c.p;
    if (!(c.peek() >= '0' && c.peek() <= '9')) return false;
    while (c.peek() >= '0' && c.peek() <= '9') ++c.p;
  }
  const std::size_t n = static_cast<std::size_t>(c.p - start);
  if (n == 0 || n > 24) return false;
  char buf[32];
  for (std::size_t i = 0; i < n; ++i) buf[i] = start[i];
  buf[n] = '\0';
  value = std::strtod(buf, nullptr);
  return std::isfinite(value);
}

bool readLiteral(Cursor& c, const char* word) {
  c.skipSpace();
  const char* q = c.p;
  for (const char* w = word; *w; ++w, ++q) {
    if (q >= c.end || *q != *w) return false;
  }
  c.p = q;
  return true;
}

// Skips an ignored value: only flat values, so a hostile payload cannot make us recurse.
bool skipSimpleValue(Cursor& c) {
  c.skipSpace();
  const char ch = c.peek();
  if (ch == '"') {
    std::string ignored;
    return readString(c, ignored);
  }
  if (ch == 't') return readLiteral(c, "true");
  if (ch == 'f') return readLiteral(c, "false");
  if (ch == 'n') return readLiteral(c, "null");
  double v;
  bool integer;
  return readNumber(c, v, integer);
}

bool parseState(std::string_view s, bool& on) {
  if (s == kRelayOn) on = true;
  else if (s == kRelayOff) on = false;
  else return false;
  return true;
}

RelayCommand parseJsonCommand(Cursor c) {
  RelayCommand cmd;
  bool haveState = false;
  bool haveSeconds = false;
  if (!c.eat('{')) return {};
  if (c.eat('}')) return {};  // {} has no state
  while (true) {
    std::string key;
    if (!readString(c, key) || !c.eat(':')) return {};
    if (key == kCommandStateField) {
      std::string state;
      if (haveState || !readString(c, state) || !parseState(state, cmd.on)) return {};
      haveState = true;
    } else if (key == kCommandSecondsField) {
      double v;
      bool integer;
      if (haveSeconds || !readNumber(c, v, integer) || !integer) return {};
      if (v < 1 || v > kMaxCommandSeconds) return {};
      cmd.seconds = static_cast<std::uint32_t>(v);
      haveSeconds = true;
    } else if (!skipSimpleValue(c)) {
      return {};
    }
    if (c.eat(',')) continue;
    if (c.eat('}')) break;
    return {};
  }
  c.skipSpace();
  if (!c.atEnd() || !haveState) return {};
  // A duration only means something for ON; "OFF for 10 s" is ambiguous, so it is refused.
  if (!cmd.on && haveSeconds) return {};
  cmd.valid = true;
  return cmd;
}

}  // namespace

bool encodeReading(double value, int decimals, const char* unit, std::string& out) {
  out.clear();
  if (!std::isfinite(value)) return false;
  if (decimals < 0) decimals = 0;
  if (decimals > 6) decimals = 6;
  char num[48];
  const int n = std::snprintf(num, sizeof num, "%.*f", decimals, value);
  if (n <= 0 || static_cast<std::size_t>(n) >= sizeof num) return false;  // absurdly large value
  std::string s(num, static_cast<std::size_t>(n));
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  if (unit == nullptr || *unit == '\0') {
    out = s;
    return true;
  }
  out.reserve(s.size() + 32);
  out.append("{\"").append(kReadingValueField).append("\":").append(s);
  out.append(",\"").append(kReadingUnitField).append("\":");
  appendJsonString(out, unit);
  out.push_back('}');
  return true;
}

RelayCommand parseRelayCommand(const char* data, std::size_t length) {
  if (data == nullptr || length == 0 || length > kMaxCommandLength) return {};
  Cursor c{data, data + length};
  c.skipSpace();
  if (c.peek() == '{') return parseJsonCommand(c);
  const char* begin = c.p;
  const char* end = data + length;
  while (end > begin && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n')) --end;
  RelayCommand cmd;
  if (!parseState(std::string_view(begin, static_cast<std::size_t>(end - begin)), cmd.on)) return {};
  cmd.valid = true;
  return cmd;
}

bool encodeCardTap(const std::uint8_t* uid, std::size_t length, std::string& out) {
  out.clear();
  bool known = false;
  for (std::size_t n : kUidByteLengths) known = known || n == length;
  if (!known || uid == nullptr) return false;
  static const char kHex[] = "0123456789ABCDEF";
  out.reserve(length * 2);
  for (std::size_t i = 0; i < length; ++i) {
    out.push_back(kHex[uid[i] >> 4]);
    out.push_back(kHex[uid[i] & 0x0F]);
  }
  return true;
}

}  // namespace mostrador
