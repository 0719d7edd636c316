// Copy to include/config.h (git-ignored) and fill in. The slug and secret come from the appliance's
// "add device" screen, which shows the secret ONCE; if it is lost, rotate it there and flash again.
#pragma once

#define MOSTRADOR_WIFI_SSID "mi-red"
#define MOSTRADOR_WIFI_PASSWORD "clave-wifi"
// The appliance PC on the shop LAN and its MQTT port (MOSTRADOR_MQTT_PORT, default 1883).
#define MOSTRADOR_GATEWAY_HOST "192.168.0.10"
#define MOSTRADOR_GATEWAY_PORT 1883
// [a-z0-9_-]{1,32}, exactly as registered: it is also the MQTT username and client id.
#define MOSTRADOR_DEVICE_SLUG "heladera-1"
#define MOSTRADOR_DEVICE_SECRET "pegar-aqui-el-secreto"

// Pins (esp32dev). Sensor node: DS18B20 data line (4.7 kΩ pull-up) and door reed switch to GND.
#define MOSTRADOR_PIN_DS18B20 4
#define MOSTRADOR_PIN_DOOR 27
// Relay node: relay driver input (active HIGH) and capacitive soil sensor on an ADC1 pin (ADC2 is busy with Wi-Fi).
#define MOSTRADOR_PIN_RELAY 26
#define MOSTRADOR_PIN_SOIL 34
// Relay failsafe: the node switches it off after this long even with no gateway. Match the appliance's value.
#define MOSTRADOR_RELAY_MAX_ON_SECONDS 1200
// Card reader node: the RC522's SPI slave select and reset pins.
#define MOSTRADOR_PIN_RC522_SS 5
#define MOSTRADOR_PIN_RC522_RST 22
