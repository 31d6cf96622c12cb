/** The supervision report's printed sections (domain/supervision-report.ts): titles, rows and labels in Chinese. */
import { describe, expect, it } from 'vitest';
import { orderList, reportSections, reportTitle, type SupervisionReport } from '../../domain/supervision-report';

const names = { unitName: (c: string) => (c === 'CGJ' ? '城管局' : c), categoryName: () => '施工噪音' };
const none = orderList([]);
const report: SupervisionReport = {
  from: '2026-11-30T16:00:00.000Z',
  to: '2026-12-07T16:00:00.000Z',
  unit: 'CGJ',
  kpis: { raw: null, adjusted: null, orders: [] },
  breaches: [{ clock: 'response', orders: orderList(['WO1', 'WO2', 'WO1']) }],
  escalations: [
    { level: 2, cause: 'response clock breached', orders: orderList(['WO1']) },
    { level: 1, cause: null, orders: orderList(['WO3']) },
  ],
  disputes: [{ outcome: 'centre', orders: orderList(['WO4']) }],
  quality: [{ code: 'promise_only', outcome: 'cleared', orders: orderList(['WO5']) }],
  inspection: [{ kind: 'intake', item: 'category', mean: 4.5, orders: orderList(['WO6']), low: none }],
  cases: none,
  structural: [],
};

describe('supervision report sections', () => {
  it('names the unit and the period’s days, one day once', () => {
    expect(reportTitle(report, names)).toBe('督查专报 · 城管局 · 2026年12月1日至2026年12月7日');
    const day = { unit: null, from: '2026-12-06T16:00:00.000Z', to: '2026-12-07T16:00:00.000Z' };
    expect(reportTitle(day, names)).toBe('督查专报 · 全中心 · 2026年12月7日');
  });

  it('prints each figure in Chinese with its orders, and a unit’s rates without the centre’s direct answers', () => {
    const sections = reportSections(report, names);
    expect(sections.map((s) => s.key)).toEqual([
      'kpis',
      'breaches',
      'escalations',
      'disputes',
      'quality',
      'inspection',
      'structural',
    ]);
    const [kpis, breaches, escalations, disputes, quality, inspection, structural] = sections;
    expect(kpis!.rows.map((r) => r.cells[0])).not.toContain('直接答复率');
    expect(reportSections({ ...report, unit: null }, names)[0]!.rows.map((r) => r.cells[0])).toContain('直接答复率');
    expect(breaches!.rows).toEqual([{ cells: ['响应超时', '2'], orders: { total: 2, orderIds: ['WO1', 'WO2'] } }]);
    expect(escalations!.rows.map((r) => r.cells)).toEqual([
      ['L2 督办', '响应超时', '1'],
      ['L1 催办', '协调督办员人工提级', '1'],
    ]);
    expect(disputes!.rows[0]!.cells).toEqual(['退单不成立（中心胜，维持原派单）', '1']);
    expect(quality!.rows[0]!.cells.slice(0, 3)).toEqual([
      '只有承诺',
      '答复只有承诺（如“将尽快”“正在研究”），没有办理结果',
      '复核认定问题不成立',
    ]);
    expect(inspection!.rows[0]!.cells).toEqual(['受理 · 分类准确', '4.50', '1', '0']);
    expect(structural!.rows).toEqual([]);
    expect(structural!.empty).toBe('没有结构性问题候选');
  });
});
