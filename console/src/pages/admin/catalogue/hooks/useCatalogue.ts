/** The dispatch catalogue as the administrator manages it, each field of a category as the screen writes it. */
import { api, ok } from '../../../../api/client';
import type { Answer } from '../../../../api/types';
import { useLoad, useLookups } from '../../../../hooks';
import { LIMIT_UNIT, URGENCY } from '../../../../labels';
import { HANDLING_CLASS_NAME } from '../../../../../../domain/policy-settings';

export type Category = Answer<'/admin/catalogue', 'get'>['entries'][number];
export type CatalogueChanges = Answer<'/admin/catalogue.csv/preview', 'post'>;
export type CategoryField = CatalogueChanges['changed'][number]['fields'][number];

export const FIELD_NAME: Record<CategoryField, string> = {
  name: '分类名称',
  leadUnit: '牵头单位',
  assistingUnits: '协办单位',
  defaultUrgency: '默认紧急程度',
  handlingClass: '办理类别',
  handlingLimit: '办理时限',
};

export const limitText = (limit: Category['handlingLimit']) =>
  limit ? `${limit.amount} ${LIMIT_UNIT[limit.unit]}` : '按政策默认';

/** A category's field as text: units by name, codes by their Chinese names. */
export function useFieldText() {
  const { unitName } = useLookups();
  return (c: Category, field: CategoryField): string => {
    switch (field) {
      case 'name':
        return c.name;
      case 'leadUnit':
        return unitName(c.leadUnit);
      case 'assistingUnits':
        return c.assistingUnits.length ? c.assistingUnits.map(unitName).join('、') : '无';
      case 'defaultUrgency':
        return URGENCY[c.defaultUrgency];
      case 'handlingClass':
        return HANDLING_CLASS_NAME[c.handlingClass];
      case 'handlingLimit':
        return limitText(c.handlingLimit);
    }
  };
}

export function useCatalogue() {
  const loaded = useLoad(['admin', 'catalogue'], () => ok(api.GET('/admin/catalogue')));
  const entries = [...(loaded.data?.entries ?? [])].sort((a, b) => a.code.localeCompare(b.code));
  return { ...loaded, entries, version: loaded.data?.version };
}

/** The catalogue as the CSV file departments keep it in (the same file the import takes). */
export const exportCsv = () => ok(api.GET('/admin/catalogue.csv', { parseAs: 'text' })) as Promise<string>;

/** What importing the file would change; nothing is changed. */
export const previewImport = (csv: string) =>
  ok(
    api.POST('/admin/catalogue.csv/preview', {
      body: csv,
      bodySerializer: (b) => b,
      headers: { 'Content-Type': 'text/csv' },
    }),
  );

/** Imports the file previewed; refused if the catalogue changed since the version previewed. */
export const applyImport = (csv: string, basedOn: number, reason: string) =>
  ok(
    api.POST('/admin/catalogue.csv', {
      params: { query: { basedOn, reason } },
      body: csv,
      bodySerializer: (b) => b,
      headers: { 'Content-Type': 'text/csv' },
    }),
  );
