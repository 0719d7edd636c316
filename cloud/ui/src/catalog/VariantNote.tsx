import type { VariantOfItem } from "@mostrador/contracts/http/dashboard";

/** Under a report line that is a variant: its model and its values ("Remera lisa · M · Rojo"). */
export function VariantNote({ variant }: { variant: VariantOfItem | undefined }) {
  if (!variant) return null;
  return (
    <div className="small muted" data-testid="variant-note">
      {[variant.modelName, ...variant.values].join(" · ")}
    </div>
  );
}
