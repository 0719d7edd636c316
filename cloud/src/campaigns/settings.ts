import type { MarketingSettings } from "@mostrador/contracts/http/cloud-campaigns";
import type { Queryable } from "../db/sql.js";

export const DEFAULT_MARKETING_SETTINGS: MarketingSettings = {
  weeklyCap: 3,
  attributionDays: 7,
  brandColor: "#1f6f5c",
  logoUrl: "",
};

/** The tenant's marketing settings (frequency cap, attribution window, brand); defaults until saved. */
export async function loadMarketingSettings(q: Queryable): Promise<MarketingSettings> {
  const [row] = await q.query<{
    weekly_cap: number;
    attribution_days: number;
    brand_color: string;
    logo_url: string;
  }>(`SELECT weekly_cap, attribution_days, brand_color, logo_url FROM marketing_settings`);
  return row
    ? {
        weeklyCap: row.weekly_cap,
        attributionDays: row.attribution_days,
        brandColor: row.brand_color,
        logoUrl: row.logo_url,
      }
    : DEFAULT_MARKETING_SETTINGS;
}

export async function saveMarketingSettings(
  q: Queryable,
  tenantId: string,
  s: MarketingSettings,
  now: Date,
): Promise<MarketingSettings> {
  await q.query(
    `INSERT INTO marketing_settings (tenant_id, weekly_cap, attribution_days, brand_color, logo_url, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id) DO UPDATE SET weekly_cap = excluded.weekly_cap, attribution_days = excluded.attribution_days,
       brand_color = excluded.brand_color, logo_url = excluded.logo_url, updated_at = excluded.updated_at`,
    [tenantId, s.weeklyCap, s.attributionDays, s.brandColor.toLowerCase(), s.logoUrl, now],
  );
  return loadMarketingSettings(q);
}

/** The zone birthdays and schedules are read in: messaging's default zone for the tenant. */
export async function tenantTimeZone(q: Queryable): Promise<string> {
  const [row] = await q.query<{ default_time_zone: string }>(
    `SELECT default_time_zone FROM messaging_settings`,
  );
  return row?.default_time_zone ?? "America/Argentina/Buenos_Aires";
}
