-- The tables Electric streams (cloud/src/shapes/shape-tables.ts), published by hand because
-- mostrador_electric does not own them (ELECTRIC_MANUAL_TABLE_PUBLISHING=true). Run as the postgres
-- superuser after the cloud service has migrated the database, and again after any upgrade that adds a
-- shape table. Idempotent:
--   docker compose exec -T postgres psql -U postgres -d mostrador -v ON_ERROR_STOP=1 < postgres/electric-tables.sql
\set ON_ERROR_STOP on

-- Electric needs whole rows in the WAL for updates and deletes.
ALTER TABLE public.products REPLICA IDENTITY FULL;
ALTER TABLE public.store_settings REPLICA IDENTITY FULL;

-- Read-only, and only these two tables (never accounts, sessions or sales).
GRANT SELECT ON public.products, public.store_settings TO mostrador_electric;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['products', 'store_settings'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_publication_tables
                   WHERE pubname = 'electric_publication_default' AND schemaname = 'public' AND tablename = t) THEN
      EXECUTE format('ALTER PUBLICATION electric_publication_default ADD TABLE public.%I', t);
    END IF;
  END LOOP;
END $$;
