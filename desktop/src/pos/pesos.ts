/** Pure: formats centavos the way Argentines read money ("$ 1.234,50") for messages to a person. */
const pesos = new Intl.NumberFormat("es-AR", { style: "currency", currency: "ARS" });

export function formatPesos(centavos: number): string {
  // Intl puts a no-break space after "$"; a plain space reads the same and keeps messages greppable.
  // centavos / 100 is only for display: the double nearest x/100 always rounds back to the same 2 decimals.
  return pesos.format(centavos / 100).replace(/\u00a0/g, " ");
}
