import { cuitProblem } from "@mostrador/contracts/cuit";
import type {
  ArcaEnvironment,
  InvoicingMode,
  InvoicingSetup,
  InvoicingSetupPatch,
} from "@mostrador/contracts/http/invoicing";
import { isoNow, type Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { getSettings, updateSettings } from "@mostrador/kernel/shop/settings";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { certificateExpiry } from "./certificate-expiry.js";
import { certificateFacts, certificateRequest, newRsaKey } from "./arca/keys.js";
import { clockWarning } from "./arca-clock.js";
import { openPrivateKey, sealPrivateKey } from "./key-vault.js";

/** ARCA's published endpoints (WSAA and WSFEv1), per environment; a shop may override them (a proxy). */
export const ARCA_ENDPOINTS: Record<ArcaEnvironment, { wsaa: string; wsfe: string }> = {
  homologacion: {
    wsaa: "https://wsaahomo.afip.gov.ar/ws/services/LoginCms",
    wsfe: "https://wswhomo.afip.gov.ar/wsfev1/service.asmx",
  },
  produccion: {
    wsaa: "https://wsaa.afip.gov.ar/ws/services/LoginCms",
    wsfe: "https://servicios1.afip.gov.ar/wsfev1/service.asmx",
  },
};

interface SetupRow {
  environment: ArcaEnvironment;
  wsaa_url: string | null;
  wsfe_url: string | null;
  activity_start: string | null;
  key_encrypted: string | null;
  csr_pem: string | null;
  certificate_pem: string | null;
  certificate_valid_to: string | null;
  cae_point_of_sale: number | null;
  caea_point_of_sale: number | null;
  mode: InvoicingMode;
  dni_threshold: number;
  clock_offset_ms: number | null;
  clock_checked_at: string | null;
}

/** Everything invoicing needs, read together: the shop's tax identity and this module's row. */
export interface InvoicingConfig extends SetupRow {
  cuit: string;
  ivaCondition: "responsable_inscripto" | "monotributo" | "exento";
  legalName: string;
  shopName: string;
  address: string;
  wsaa: string;
  wsfe: string;
}

export function ensureSetupRow(ctx: Ctx): void {
  stmt(ctx.db, "INSERT INTO invoicing_setup (id, updated_at) VALUES (1, ?) ON CONFLICT (id) DO NOTHING").run(
    isoNow(ctx),
  );
}

export function readConfig(ctx: Ctx): InvoicingConfig {
  ensureSetupRow(ctx);
  const row = stmt(ctx.db, "SELECT * FROM invoicing_setup WHERE id = 1").get() as SetupRow;
  const shop = getSettings(ctx.db);
  const published = ARCA_ENDPOINTS[row.environment];
  return {
    ...row,
    cuit: shop.taxId.replace(/\D/g, ""),
    ivaCondition: shop.ivaCondition,
    legalName: shop.legalName || shop.name,
    shopName: shop.name,
    address: shop.address,
    wsaa: row.wsaa_url ?? published.wsaa,
    wsfe: row.wsfe_url ?? published.wsfe,
  };
}

/** What is still missing before ARCA can be asked for anything, in Spanish (empty: ready). */
export function missingForInvoicing(config: InvoicingConfig, now: Date): string[] {
  const missing: string[] = [];
  if (!config.cuit || cuitProblem(config.cuit)) missing.push("El CUIT del negocio (Ajustes → Negocio)");
  if (!config.activity_start) missing.push("La fecha de inicio de actividades");
  if (!config.key_encrypted) missing.push("Generar la clave y el pedido de certificado (CSR)");
  else if (!config.certificate_pem) missing.push("Cargar el certificado que devuelve ARCA");
  else if (config.certificate_valid_to && Date.parse(config.certificate_valid_to) <= now.getTime()) {
    missing.push("El certificado de ARCA venció: generá uno nuevo");
  }
  if (!config.cae_point_of_sale) missing.push("El punto de venta para CAE (Web Services)");
  return missing;
}

export function getInvoicingSetup(ctx: Ctx): InvoicingSetup {
  const config = readConfig(ctx);
  const now = ctx.clock.now();
  const missing = missingForInvoicing(config, now);
  let facts: ReturnType<typeof certificateFacts> = null;
  if (config.certificate_pem && config.key_encrypted) {
    try {
      facts = certificateFacts(config.certificate_pem, openPrivateKey(ctx.db, config.key_encrypted));
    } catch (err) {
      // The screen still opens: it says why, and generating a new key is the way out.
      if (!(err instanceof DomainError)) throw err;
      missing.push(err.message);
    }
  }
  return {
    cuit: config.cuit,
    ivaCondition: config.ivaCondition,
    legalName: config.legalName,
    activityStart: config.activity_start,
    environment: config.environment,
    wsaaUrl: config.wsaa,
    wsfeUrl: config.wsfe,
    hasKey: config.key_encrypted !== null,
    csrPem: config.csr_pem,
    certificate: facts
      ? {
          subject: facts.subject,
          validFrom: facts.validFrom,
          validTo: facts.validTo,
          expired: Date.parse(facts.validTo) <= now.getTime(),
          daysLeft: certificateExpiry(facts.validTo, now).daysLeft,
        }
      : null,
    caePointOfSale: config.cae_point_of_sale,
    caeaPointOfSale: config.caea_point_of_sale,
    mode: config.mode,
    dniThreshold: config.dni_threshold,
    clock: {
      offsetMs: config.clock_offset_ms,
      checkedAt: config.clock_checked_at,
      warning: clockWarning(config.clock_offset_ms),
    },
    missing,
  };
}

const COLUMNS: Partial<Record<keyof InvoicingSetupPatch, string>> = {
  activityStart: "activity_start",
  environment: "environment",
  caePointOfSale: "cae_point_of_sale",
  caeaPointOfSale: "caea_point_of_sale",
  mode: "mode",
  dniThreshold: "dni_threshold",
  wsaaUrl: "wsaa_url",
  wsfeUrl: "wsfe_url",
};

/** Ajustes → Facturación: validates everything first, then writes it all in one transaction. */
export function updateInvoicingSetup(
  ctx: Ctx,
  principal: Principal,
  patch: InvoicingSetupPatch,
): InvoicingSetup {
  if (patch.cuit !== undefined && cuitProblem(patch.cuit)) {
    throw new DomainError(
      "invalid",
      "invalid_tax_id",
      `El CUIT "${patch.cuit}" no es válido (11 dígitos con su dígito verificador)`,
    );
  }
  const current = readConfig(ctx);
  const cae = patch.caePointOfSale !== undefined ? patch.caePointOfSale : current.cae_point_of_sale;
  const caea = patch.caeaPointOfSale !== undefined ? patch.caeaPointOfSale : current.caea_point_of_sale;
  if (cae !== null && cae === caea) {
    throw new DomainError(
      "invalid",
      "same_point_of_sale",
      "El punto de venta CAEA debe ser otro que el de CAE (ARCA los registra por separado)",
    );
  }
  if (patch.activityStart && Number.isNaN(Date.parse(`${patch.activityStart}T00:00:00Z`))) {
    throw new DomainError("invalid", "invalid_date", `"${patch.activityStart}" no es una fecha`);
  }
  const mode = patch.mode ?? current.mode;
  if (mode !== "off" && patch.mode !== undefined && patch.mode !== current.mode) {
    const missing = missingForInvoicing(
      { ...current, cae_point_of_sale: cae, activity_start: patch.activityStart ?? current.activity_start },
      ctx.clock.now(),
    );
    if (missing.length) {
      throw new DomainError("conflict", "invoicing_not_ready", `Para facturar falta: ${missing.join("; ")}`, {
        missing,
      });
    }
  }
  ctx.db.transaction(() => {
    const shop: { taxId?: string; ivaCondition?: InvoicingSetupPatch["ivaCondition"]; legalName?: string } =
      {};
    if (patch.cuit !== undefined) shop.taxId = patch.cuit.replace(/\D/g, "");
    if (patch.ivaCondition !== undefined) shop.ivaCondition = patch.ivaCondition;
    if (patch.legalName !== undefined) shop.legalName = patch.legalName;
    if (Object.keys(shop).length) updateSettings(ctx.db, shop as Parameters<typeof updateSettings>[1]);
    for (const [field, column] of Object.entries(COLUMNS)) {
      const value = patch[field as keyof InvoicingSetupPatch];
      if (value === undefined) continue;
      stmt(ctx.db, `UPDATE invoicing_setup SET ${column} = ?, updated_at = ? WHERE id = 1`).run(
        value,
        isoNow(ctx),
      );
    }
    recordAudit(ctx.db, {
      at: isoNow(ctx),
      staffId: principal.staffId,
      terminalId: principal.terminalId,
      action: "invoicing.setup_updated",
      details: { ...patch },
    });
  })();
  return getInvoicingSetup(ctx);
}

/**
 * Makes a new RSA key and its CSR ON the appliance. The key is stored encrypted (key-vault.ts) and never
 * leaves; the CSR is what the owner uploads to ARCA. Any certificate installed before no longer matches
 * the key, so it is dropped.
 */
export function generateKeyAndCsr(ctx: Ctx, principal: Principal, commonName: string): InvoicingSetup {
  const config = readConfig(ctx);
  if (!config.cuit || cuitProblem(config.cuit)) {
    throw new DomainError(
      "conflict",
      "invoicing_needs_cuit",
      "Cargá primero un CUIT válido del negocio: va dentro del pedido de certificado",
    );
  }
  const key = newRsaKey();
  const csr = certificateRequest(key, { cuit: config.cuit, organization: config.legalName, commonName });
  ctx.db.transaction(() => {
    stmt(
      ctx.db,
      `UPDATE invoicing_setup SET key_encrypted = ?, csr_pem = ?, certificate_pem = NULL, certificate_valid_to = NULL,
              updated_at = ? WHERE id = 1`,
    ).run(sealPrivateKey(ctx.db, key), csr, isoNow(ctx));
    stmt(ctx.db, "DELETE FROM arca_tickets").run();
    recordAudit(ctx.db, {
      at: isoNow(ctx),
      staffId: principal.staffId,
      terminalId: principal.terminalId,
      action: "invoicing.key_generated",
      details: { commonName },
    });
  })();
  return getInvoicingSetup(ctx);
}

/** Installs the certificate ARCA issued for our CSR: it must be one, match our key and CUIT, and be valid now. */
export function installCertificate(ctx: Ctx, principal: Principal, pem: string): InvoicingSetup {
  const config = readConfig(ctx);
  if (!config.key_encrypted) {
    throw new DomainError(
      "conflict",
      "invoicing_needs_key",
      "Primero generá la clave y el pedido de certificado (CSR)",
    );
  }
  const facts = certificateFacts(pem.trim(), openPrivateKey(ctx.db, config.key_encrypted));
  if (!facts) {
    throw new DomainError(
      "invalid",
      "certificate_unreadable",
      "Eso no es un certificado (se espera el texto PEM que empieza con -----BEGIN CERTIFICATE-----)",
    );
  }
  if (!facts.matchesKey) {
    throw new DomainError(
      "invalid",
      "certificate_other_key",
      "El certificado no corresponde a la clave de este equipo: subí a ARCA el CSR que muestra esta pantalla",
    );
  }
  if (facts.cuit !== config.cuit) {
    throw new DomainError(
      "invalid",
      "certificate_other_cuit",
      `El certificado es del CUIT ${facts.cuit ?? "(ninguno)"}, no del negocio (${config.cuit})`,
    );
  }
  const now = ctx.clock.now().getTime();
  if (Date.parse(facts.validTo) <= now) {
    throw new DomainError(
      "invalid",
      "certificate_expired",
      `El certificado venció el ${facts.validTo.slice(0, 10)}: generá un pedido nuevo y pedí otro certificado a ARCA`,
      { validTo: facts.validTo },
    );
  }
  if (Date.parse(facts.validFrom) > now) {
    throw new DomainError(
      "invalid",
      "certificate_not_yet_valid",
      `El certificado vale recién desde el ${facts.validFrom.slice(0, 10)}: revisá la hora de esta PC`,
    );
  }
  ctx.db.transaction(() => {
    stmt(
      ctx.db,
      "UPDATE invoicing_setup SET certificate_pem = ?, certificate_valid_to = ?, updated_at = ? WHERE id = 1",
    ).run(pem.trim(), facts.validTo, isoNow(ctx));
    stmt(ctx.db, "DELETE FROM arca_tickets").run();
    recordAudit(ctx.db, {
      at: isoNow(ctx),
      staffId: principal.staffId,
      terminalId: principal.terminalId,
      action: "invoicing.certificate_installed",
      details: { subject: facts.subject, validTo: facts.validTo },
    });
  })();
  return getInvoicingSetup(ctx);
}
