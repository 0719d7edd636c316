// No imports: the catalog (desktop), sync's download of the cloud's catalog and the till's search share it.

/**
 * The products' `name_key` column and what a search compares with it: the name without accents
 * (NFD, combining marks removed) and in lower case, so "azúcar" finds "Azucar". Whoever writes a
 * product row (the catalog, or sync applying the cloud's catalog) must write the same key.
 */
export function nameKey(name: string): string {
  return name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}
