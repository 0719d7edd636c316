// Arduino glue for a Mostrador node: Wi-Fi, PubSubClient and pins. Everything that decides anything
// (topics, payloads, reconnect backoff, relay failsafe, sampling) lives in lib/mostrador_core and is
// unit-tested on the host; keep this file thin.
#include <Arduino.h>
#include <PubSubClient.h>
#include <WiFi.h>
#include <esp_random.h>
#include <esp_timer.h>

#if defined(MOSTRADOR_CARD_READER_NODE)
#include <MFRC522.h>
#include <SPI.h>
#endif

#include "config.h"  // copy include/config.example.h
#include "contract.h"
#include "node.h"

using namespace mostrador;

namespace {

WiFiClient tcp;
PubSubClient mqtt(tcp);

// 64-bit milliseconds that never wrap (millis() wraps after 49 days; a node runs for years).
uint64_t nowMs() { return static_cast<uint64_t>(esp_timer_get_time() / 1000); }

class ArduinoTransport : public Transport {
 public:
  bool networkUp() override { return WiFi.status() == WL_CONNECTED; }
  void networkBegin() override {
    WiFi.mode(WIFI_STA);
    WiFi.begin(MOSTRADOR_WIFI_SSID, MOSTRADOR_WIFI_PASSWORD);
  }
  bool startConnect(const ConnectOptions& o) override {
    mqtt.setServer(MOSTRADOR_GATEWAY_HOST, MOSTRADOR_GATEWAY_PORT);
    mqtt.setKeepAlive(o.keepAliveSeconds);
    // PubSubClient connects synchronously (MQTT 3.1.1): the CONNACK is known when this returns.
    return mqtt.connect(o.clientId.c_str(), o.username.c_str(), o.password.c_str(), o.willTopic.c_str(), 1,
                        o.willRetain, o.willPayload.c_str(), true);
  }
  LinkStatus status() override { return mqtt.connected() ? LinkStatus::Connected : LinkStatus::Failed; }
  bool publish(const std::string& t, const std::string& p, bool retain) override {
    return mqtt.publish(t.c_str(), reinterpret_cast<const uint8_t*>(p.data()), p.size(), retain);
  }
  bool subscribe(const std::string& t) override { return mqtt.subscribe(t.c_str(), 1); }
  void disconnect() override { mqtt.disconnect(); }
};

ArduinoTransport transport;
Node* node = nullptr;
#if defined(MOSTRADOR_CARD_READER_NODE)
MFRC522 rc522(MOSTRADOR_PIN_RC522_SS, MOSTRADOR_PIN_RC522_RST);
#endif

NodeConfig makeConfig() {
  NodeConfig c;
  c.device = MOSTRADOR_DEVICE_SLUG;
  c.secret = MOSTRADOR_DEVICE_SECRET;
#if defined(MOSTRADOR_SENSOR_NODE)
  c.sensors = {{"temperature", "°C", 10000, 1}, {"door", "", 2000, 0}};
#elif defined(MOSTRADOR_RELAY_NODE)
  c.sensors = {{"soil_moisture", "%", 30000, 0}};
  c.relays = {{"valve", MOSTRADOR_RELAY_MAX_ON_SECONDS}};
#elif defined(MOSTRADOR_CARD_READER_NODE)
  c.readers = {"rfid"};
#endif
  return c;
}

bool readSensor(const std::string& key, double& value) {
#if defined(MOSTRADOR_SENSOR_NODE)
  if (key == "door") {
    value = digitalRead(MOSTRADOR_PIN_DOOR) == HIGH ? 1 : 0;  // reed switch to GND, pull-up: open = HIGH
    return true;
  }
  if (key == "temperature") {
    // Wire a DS18B20 library here (e.g. milesburton/DallasTemperature); -127 means "no probe": skip it.
    value = temperatureRead();  // the ESP32's internal sensor, a placeholder until the probe is wired
    return value > -100;
  }
#elif defined(MOSTRADOR_RELAY_NODE)
  if (key == "soil_moisture") {
    // Capacitive sensor: ~3000 in air (dry), ~1300 in water (wet); calibrate per sensor.
    const int raw = analogRead(MOSTRADOR_PIN_SOIL);
    value = constrain(map(raw, 3000, 1300, 0, 100), 0, 100);
    return true;
  }
#endif
  return false;
}

void writeRelay(const std::string&, bool on) {
#if defined(MOSTRADOR_RELAY_NODE)
  digitalWrite(MOSTRADOR_PIN_RELAY, on ? HIGH : LOW);
#else
  (void)on;
#endif
}

}  // namespace

void setup() {
  Serial.begin(115200);
#if defined(MOSTRADOR_SENSOR_NODE)
  pinMode(MOSTRADOR_PIN_DOOR, INPUT_PULLUP);
#elif defined(MOSTRADOR_RELAY_NODE)
  pinMode(MOSTRADOR_PIN_RELAY, OUTPUT);
  digitalWrite(MOSTRADOR_PIN_RELAY, LOW);  // OFF before anything else: the safe state
#elif defined(MOSTRADOR_CARD_READER_NODE)
  SPI.begin();
  rc522.PCD_Init();
#endif
  mqtt.setCallback([](char* topic, uint8_t* payload, unsigned int length) {
    if (node) node->onMessage(topic, reinterpret_cast<const char*>(payload), length, nowMs());
  });
  static Node instance(makeConfig(), transport, readSensor, writeRelay, esp_random(),
                       [](const std::string& line) { Serial.println(line.c_str()); });
  node = &instance;
  if (!node->valid()) {
    Serial.print("config.h: slug o claves inválidas, deben cumplir ");
    Serial.println(kIdPattern);
  }
}

void loop() {
  if (mqtt.connected()) mqtt.loop();
  node->loop(nowMs());
#if defined(MOSTRADOR_CARD_READER_NODE)
  // The node decides whether it is a new tap (the same card lying on the reader is not) and publishes it.
  if (rc522.PICC_IsNewCardPresent() && rc522.PICC_ReadCardSerial()) {
    node->cardTap("rfid", rc522.uid.uidByte, rc522.uid.size, nowMs());
    rc522.PICC_HaltA();
  }
#endif
  delay(10);
}
