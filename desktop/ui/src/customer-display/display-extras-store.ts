import type { CustomerDisplayQr } from "@mostrador/contracts/http/customer-display";
import { create } from "zustand";

/**
 * What the customer display shows beyond the cart: the Mercado Pago QR being charged (set by the payment
 * dialog's panel) and the sale just committed ("¡Gracias!" and the change), until the next item is scanned.
 */
interface DisplayExtras {
  mercadoPago: CustomerDisplayQr | null;
  done: { total: number; change: number } | null;
  setMercadoPago(qr: CustomerDisplayQr | null): void;
  setDone(done: { total: number; change: number } | null): void;
}

export const useDisplayExtras = create<DisplayExtras>()((set) => ({
  mercadoPago: null,
  done: null,
  setMercadoPago: (mercadoPago) => set({ mercadoPago }),
  // A committed sale ends its charge: the QR gives way to the thanks.
  setDone: (done) => set(done ? { done, mercadoPago: null } : { done }),
}));
