#!/bin/sh
# docker-entrypoint-initdb.d hook of the official postgres image: runs once, on an empty data volume.
# Passes the role passwords from the environment (.env) to init-roles.sql as psql variables.
set -eu
: "${MOSTRADOR_OWNER_DB_PASSWORD:?falta MOSTRADOR_OWNER_DB_PASSWORD}"
: "${MOSTRADOR_SERVICE_DB_PASSWORD:?falta MOSTRADOR_SERVICE_DB_PASSWORD}"
: "${MOSTRADOR_ELECTRIC_DB_PASSWORD:?falta MOSTRADOR_ELECTRIC_DB_PASSWORD}"
psql --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$MOSTRADOR_OWNER_DB_PASSWORD" \
  -v service_password="$MOSTRADOR_SERVICE_DB_PASSWORD" \
  -v electric_password="$MOSTRADOR_ELECTRIC_DB_PASSWORD" \
  -f /mostrador/init-roles.sql
