import type { PriceRounding } from "@mostrador/contracts/http/settings";

export type { PriceRounding };

const PESO = 100;

/**
 * Rounds a computed price (centavos) to the shop's price endings. "none" keeps the centavo; "peso",
 * "ten" and "hundred" go to the nearest $1, $10 or $100 (halves up); "end9" and "end99" go UP to the next
 * whole price whose pesos end in 9 or 99 ($1.234,50 → $1.239 or $1.299), so a rise never gets smaller.
 * Never below zero; zero stays zero (a free item stays free); a price already on an ending stays.
 */
export function roundPrice(centavos: number, rounding: PriceRounding): number {
  const x = Math.max(0, Math.round(centavos));
  const nearest = (step: number) => Math.round(x / step) * step;
  switch (rounding) {
    case "none":
      return x;
    case "peso":
      return nearest(PESO);
    case "ten":
      return nearest(10 * PESO);
    case "hundred":
      return nearest(100 * PESO);
    case "end9":
      return upToEnding(x, 10, 9);
    case "end99":
      return upToEnding(x, 100, 99);
  }
}

/** The smallest whole-peso price ≥ x whose pesos are ≡ ending (mod modulus). */
function upToEnding(x: number, modulus: number, ending: number): number {
  if (x === 0) return 0;
  const pesos = Math.ceil(x / PESO);
  const rest = (((pesos - ending) % modulus) + modulus) % modulus;
  return (rest === 0 ? pesos : pesos + (modulus - rest)) * PESO;
}
