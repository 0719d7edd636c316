import type { Locale } from "@mostrador/contracts/format";

/**
 * What each audit verb means, in words the owner reads. The log keeps the dotted code (stable across
 * versions and languages); a code with no name here (a module newer than this list) shows as itself.
 */
const ES: Record<string, string> = {
  "auth.login": "Ingreso",
  "auth.login_failed": "PIN incorrecto al ingresar",
  "auth.locked": "Bloqueo por PIN incorrecto",
  "auth.approval_granted": "Autorización concedida",
  "auth.approval_denied": "Autorización denegada",
  "auth.approval_failed": "PIN incorrecto al autorizar",
  "staff.created": "Alta de personal",
  "staff.updated": "Cambio de personal",
  "staff.pin_reset": "PIN restablecido",
  "settings.updated": "Cambio de ajustes",
  "setup.completed": "Puesta en marcha",
  "terminal.created": "Alta de caja",
  "terminal.renamed": "Caja renombrada",
  "terminal.retired": "Caja dada de baja",
  "product.create": "Alta de producto",
  "product.update": "Cambio de producto",
  "catalog.import": "Importación de productos",
  "catalog.import_prices": "Importación de precios",
  "cash.open": "Apertura de caja",
  "cash.move": "Ingreso o retiro de efectivo",
  "cash.close_z": "Cierre Z",
  "drawer.open": "Cajón abierto sin venta",
  "sale.discount_approved": "Descuento autorizado",
  "sale.void": "Venta anulada",
  "sale.return": "Devolución",
  "receipt.reprint": "Reimpresión de ticket",
  "stock.adjust": "Ajuste de stock",
  "stock.import": "Importación de stock",
  "stock.count.start": "Conteo iniciado",
  "stock.count.approve": "Conteo aprobado",
  "stock.count.cancel": "Conteo cancelado",
  "purchasing.receive": "Recepción de mercadería",
  "purchasing.cancel_order": "Pedido cancelado",
  "purchasing.import_costs": "Importación de costos",
  "customer.erased": "Datos de cliente borrados a pedido",
  "account.adjusted": "Ajuste de cuenta corriente",
  "account.limit_set": "Límite de cuenta corriente",
  "loyalty.adjusted": "Ajuste de puntos",
  "loyalty.rules_set": "Reglas de puntos",
};

const EN: Record<keyof typeof ES, string> = {
  "auth.login": "Login",
  "auth.login_failed": "Wrong PIN at login",
  "auth.locked": "Locked after wrong PINs",
  "auth.approval_granted": "Approval granted",
  "auth.approval_denied": "Approval denied",
  "auth.approval_failed": "Wrong PIN at approval",
  "staff.created": "Staff added",
  "staff.updated": "Staff changed",
  "staff.pin_reset": "PIN reset",
  "settings.updated": "Settings changed",
  "setup.completed": "First-run setup",
  "terminal.created": "Till added",
  "terminal.renamed": "Till renamed",
  "terminal.retired": "Till retired",
  "product.create": "Product added",
  "product.update": "Product changed",
  "catalog.import": "Products imported",
  "catalog.import_prices": "Prices imported",
  "cash.open": "Cash session opened",
  "cash.move": "Cash in or out",
  "cash.close_z": "Z close",
  "drawer.open": "Drawer opened without a sale",
  "sale.discount_approved": "Discount approved",
  "sale.void": "Sale voided",
  "sale.return": "Return",
  "receipt.reprint": "Receipt reprinted",
  "stock.adjust": "Stock adjusted",
  "stock.import": "Stock imported",
  "stock.count.start": "Count started",
  "stock.count.approve": "Count approved",
  "stock.count.cancel": "Count cancelled",
  "purchasing.receive": "Goods received",
  "purchasing.cancel_order": "Order cancelled",
  "purchasing.import_costs": "Costs imported",
  "customer.erased": "Customer data erased on request",
  "account.adjusted": "Account adjusted",
  "account.limit_set": "Account credit limit set",
  "loyalty.adjusted": "Points adjusted",
  "loyalty.rules_set": "Points rules set",
};

const NAMES: Record<Locale, Record<string, string>> = { "es-AR": ES, en: EN };

/** The audit verb's name in `locale`, or the code itself when this list does not know it. */
export function auditActionName(locale: Locale, action: string): string {
  return NAMES[locale][action] ?? action;
}

/** Every verb this list names (for its test). */
export const NAMED_AUDIT_ACTIONS = Object.keys(ES);
