-- Sensor history (issue 19): each store's sensors as hourly rollups, uploaded by the appliance's gateway
-- (sensor_rollup/closed|corrected, contracts/src/sync/sensors.ts; cloud/src/sensors/projection.ts).
-- A rollup is whole, never a delta: the row keeps the highest version an appliance sent for its series and
-- hour, so a replay or any arrival order ends the same. Readings are measurements (the gateway stores
-- them as REAL), so min, max and sum are double precision; avg = sum / count.
-- Keyed by store and hour first: the Sensores screen reads one store's last 24 h … 30 days, every series,
-- as one range of the primary key. No foreign key to devices: the cloud keeps devices as appliance_events
-- (ingest's EVENT_ENTITIES); the projection refuses a rollup of a device or sensor its store never sent.
CREATE TABLE sensor_rollups (
  tenant_id  uuid NOT NULL,
  store_id   uuid NOT NULL,
  hour       timestamptz NOT NULL CHECK (date_trunc('hour', hour) = hour),
  device_id  text NOT NULL,
  sensor_key text NOT NULL,
  version    integer NOT NULL CHECK (version >= 1),
  count      integer NOT NULL CHECK (count >= 1),
  min        double precision NOT NULL,
  max        double precision NOT NULL CHECK (min <= max),
  sum        double precision NOT NULL,
  first_at   timestamptz,
  last_at    timestamptz,
  PRIMARY KEY (tenant_id, store_id, hour, device_id, sensor_key),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

ALTER TABLE sensor_rollups ENABLE ROW LEVEL SECURITY;
ALTER TABLE sensor_rollups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sensor_rollups
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON sensor_rollups TO mostrador_app;
