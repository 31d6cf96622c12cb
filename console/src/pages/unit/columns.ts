/** A unit's figures by category as the screen and both downloads show them (dashboard/components/sheet). */
import type { Answer } from '../../api/types';
import { percent, type Column } from '../dashboard/components/sheet';

export type CategoryRow = Answer<'/kpis/units/{unit}', 'get'>['categories'][number];

export const CATEGORY_COLUMNS: Column<CategoryRow>[] = [
  {
    key: 'category',
    title: '分类',
    cell: (r, categoryName) => {
      const text = categoryName(r.group);
      return { text, value: text };
    },
  },
  { key: 'orders', title: '工单数', cell: (r) => ({ text: String(r.raw.orders), value: r.raw.orders, format: '0' }) },
  { key: 'response', title: '按时签收率', cell: (r) => percent(r.raw.onTimeResponseRate) },
  { key: 'handling', title: '按时办结率', cell: (r) => percent(r.raw.onTimeHandlingRate) },
  { key: 'satisfaction.raw', group: '满意率', title: '原始', cell: (r) => percent(r.raw.satisfactionRate) },
  { key: 'satisfaction.adjusted', group: '满意率', title: '调整后', cell: (r) => percent(r.adjusted.satisfactionRate) },
  { key: 'return', title: '退单率', cell: (r) => percent(r.raw.returnRate) },
  { key: 'dispatch', title: '派单准确率', cell: (r) => percent(r.raw.dispatchAccuracyRate) },
];
