-- Runs once, as the postgres superuser, when the data volume is first initialised
-- (postgres/init.sh passes the passwords in as psql variables; nothing secret lives in this file).
--
-- Three login roles, each with only what it needs (cloud/README.md "Roles"):
--   mostrador_owner    schema owner: runs the migrations at service start (BYPASSRLS: the migrations and
--                      the SECURITY DEFINER lookups must see every tenant; 0001 refuses anything else)
--   mostrador_service  what the API runs as: member of mostrador_app, NOBYPASSRLS, owns nothing
--   mostrador_electric Electric's logical replication: REPLICATION, and BYPASSRLS because its snapshot
--                      queries read every tenant's catalog (the cloud proxy fixes tenant and store in
--                      the where-clause, and only the proxy knows ELECTRIC_SECRET)
\set ON_ERROR_STOP on

CREATE ROLE mostrador_owner LOGIN BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE mostrador_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE ROLE mostrador_service LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE
  PASSWORD :'service_password' IN ROLE mostrador_app;
CREATE ROLE mostrador_electric LOGIN REPLICATION BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE
  PASSWORD :'electric_password';

CREATE DATABASE mostrador OWNER mostrador_owner;
-- No one but these roles connects (PUBLIC gets CONNECT by default).
REVOKE ALL ON DATABASE mostrador FROM PUBLIC;
GRANT CONNECT ON DATABASE mostrador TO mostrador_service, mostrador_electric;

\connect mostrador
-- Postgres 15: schema public belongs to the database owner and PUBLIC may not create in it.
GRANT USAGE ON SCHEMA public TO mostrador_electric;
-- Electric publishes through this publication (ELECTRIC_MANUAL_TABLE_PUBLISHING=true, because its role
-- does not own the tables). Its tables are added after the first migration: postgres/electric-tables.sql.
CREATE PUBLICATION electric_publication_default;
