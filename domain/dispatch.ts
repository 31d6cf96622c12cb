/**
 * The dispatch rule (派单), in one place: what the catalogue says for a category (its name, default
 * urgency, handling class and own limit), and which units an order goes to — the operator's or
 * coordinator's choice, else the catalogue's — for an intake, a reclassification and a redispatch.
 * The handling limit itself follows from these by domain/policy `handlingLimitFor`.
 */
import type { CatalogueEntry, HandlingClass, Limit, OrderType, Urgency } from './types';

export interface Classification {
  category: string | null;
  categoryName: string | null;
  urgency: Urgency;
  handlingClass: HandlingClass;
  categoryLimit: Limit | null;
}

/** An order's classification under its catalogue entry (none: uncategorised); a chosen urgency wins. */
export function classificationOf(entry: CatalogueEntry | undefined, urgency?: Urgency): Classification {
  return {
    category: entry?.code ?? null,
    categoryName: entry?.name ?? null,
    urgency: urgency ?? entry?.defaultUrgency ?? 'normal',
    handlingClass: entry?.handlingClass ?? 'general',
    categoryLimit: entry?.handlingLimit ?? null,
  };
}

export interface DispatchUnits {
  leadUnit: string | null;
  assistingUnits: string[];
}

type ChosenUnits = { leadUnit?: string | undefined; assistingUnits?: readonly string[] | undefined };

/**
 * The units an order goes to: the chosen lead and assisting units, else the catalogue's; assisting
 * units once each and never the lead. Without a category and a choice it goes nowhere yet.
 */
export function dispatchUnits(entry: CatalogueEntry | undefined, chosen: ChosenUnits): DispatchUnits {
  const leadUnit = chosen.leadUnit ?? entry?.leadUnit ?? null;
  const assisting = chosen.assistingUnits ?? entry?.assistingUnits ?? [];
  return { leadUnit, assistingUnits: [...new Set(assisting)].filter((u) => u !== leadUnit) };
}

/** The units at intake: a consultation is answered at the desk, so the catalogue sends it to no unit. */
export function intakeUnits(orderType: OrderType, entry: CatalogueEntry | undefined, chosen: ChosenUnits) {
  return dispatchUnits(orderType === 'consultation' ? undefined : entry, chosen);
}
