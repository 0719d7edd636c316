-- Names stored before every input refused control characters (a NUL could never be stored: PostgreSQL
-- refuses it, which is how the 500s were found; BEL, ESC, DEL and C1 controls could). Cleaned once:
-- line breaks become spaces, other controls go, a name left empty reads "Sin nombre". A product's
-- change reaches its tills through the shape log like any other edit. Idempotent: only dirty rows.
CREATE OR REPLACE FUNCTION pg_temp.clean_name(t text) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT COALESCE(NULLIF(btrim(regexp_replace(regexp_replace(t, '[\t\n\r]+', ' ', 'g'),
                                                '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]', '', 'g')), ''),
                    'Sin nombre')
  $$;

UPDATE products SET name = pg_temp.clean_name(name) WHERE name ~ '[\x01-\x1f\x7f-\x9f]';
UPDATE stores SET name = pg_temp.clean_name(name) WHERE name ~ '[\x01-\x1f\x7f-\x9f]';
UPDATE organizations SET name = pg_temp.clean_name(name) WHERE name ~ '[\x01-\x1f\x7f-\x9f]';
UPDATE appliances SET name = pg_temp.clean_name(name) WHERE name ~ '[\x01-\x1f\x7f-\x9f]';
DROP FUNCTION pg_temp.clean_name(text);
