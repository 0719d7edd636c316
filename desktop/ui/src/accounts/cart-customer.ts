import { useCart } from "../cart/cart-store.js";

/** The customer attached to the ticket (the customers module's cart field), or null. */
export type CartCustomer = { id: string; name: string } | null;

export const useCartCustomer = (): CartCustomer => useCart((s) => s.customer);
