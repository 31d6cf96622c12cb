/**
 * 督查专报: what a supervision report holds for a period and one unit or the whole centre, and the report as
 * tables of Chinese text — the one layout the console's printable page and the server's PDF both print, so
 * the two cannot say different things. Pure: the figures come from the API (api/supervision-report.ts).
 */
import { CLOCK_BREACHED, ESCALATION_LEVEL_NAME, isClockKind, reasonText } from './reason-text';
import { RUBRIC_LABEL, type InspectionKind, type RubricItem } from './inspection';
import { KPI_RATE_NAME, KPI_RATES, UNIT_RATES, type KpiFigures, type KpiRate } from './kpi';
import { FINDING_MESSAGES, FINDING_NAMES, type ReplyFindingCode } from './reply-quality';

/** How many order ids a figure lists (its total says how many there are). */
export const REPORT_ORDER_LIMIT = 50;

/** The orders behind a figure: how many, and the first REPORT_ORDER_LIMIT of them. */
export interface OrderList {
  total: number;
  orderIds: string[];
}

export function orderList(ids: Iterable<string>): OrderList {
  const unique = [...new Set(ids)];
  return { total: unique.length, orderIds: unique.slice(0, REPORT_ORDER_LIMIT) };
}

/** Who won a dispute (退单): the unit (the order went elsewhere), the centre (the unit had to keep it), or not ruled yet. */
export const DISPUTE_OUTCOMES = ['unit', 'centre', 'waiting'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

/** What became of a 质检 finding: a reviewer cleared it or returned the order, a warning that stands, or still in review. */
export const FINDING_OUTCOMES = ['cleared', 'returned', 'warned', 'pending'] as const;
export type FindingOutcome = (typeof FINDING_OUTCOMES)[number];

export interface SupervisionReport {
  from: string;
  to: string;
  /** The unit reported on; null: the whole centre. */
  unit: string | null;
  kpis: {
    raw: KpiFigures | null;
    adjusted: KpiFigures | null;
    /** Per rate, the orders behind its numerator and denominator (raw). */
    orders: { rate: KpiRate; numerator: OrderList; denominator: OrderList }[];
  };
  /** 超时, by clock. */
  breaches: { clock: string; orders: OrderList }[];
  /** 提级督办, by the level reached and the recorded cause (null: a coordinator's own decision). */
  escalations: { level: number; cause: string | null; orders: OrderList }[];
  /** 退单 and how they were ruled. */
  disputes: { outcome: DisputeOutcome; orders: OrderList }[];
  /** 质检 findings by code and what became of them. */
  quality: { code: ReplyFindingCode; outcome: FindingOutcome; orders: OrderList }[];
  /** 抽查 scores by rubric item: the mean (1–5), and the orders scored low (2 or less) beside all scored. */
  inspection: { kind: InspectionKind; item: RubricItem; mean: number; orders: OrderList; low: OrderList }[];
  /** 问责线索 opened from inspections in the period. */
  cases: OrderList;
  /** 每月一题: the top structural-problem candidates as of the period's end. */
  structural: { category: string; district: string; address: string; months: string[]; orders: OrderList }[];
}

/** One row of a printed table: its cells, and the orders behind its figure. */
export interface ReportRow {
  cells: string[];
  orders: OrderList | null;
}

export interface ReportSection {
  key: 'kpis' | 'breaches' | 'escalations' | 'disputes' | 'quality' | 'inspection' | 'structural';
  title: string;
  /** A line under the title: what the figures count. */
  note: string;
  columns: string[];
  rows: ReportRow[];
  /** What the table says when it has no row. */
  empty: string;
}

export interface ReportNames {
  unitName: (code: string) => string;
  categoryName: (code: string) => string;
}

export const DISPUTE_OUTCOME_NAME: Record<DisputeOutcome, string> = {
  unit: '退单成立（承办单位胜，已改派）',
  centre: '退单不成立（中心胜，维持原派单）',
  waiting: '待裁定',
};

export const FINDING_OUTCOME_NAME: Record<FindingOutcome, string> = {
  cleared: '复核认定问题不成立',
  returned: '复核退回重办',
  warned: '提醒（未转复核）',
  pending: '待质检复核',
};

const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
const count = (l: OrderList) => String(l.total);

/** The report's title: 督查专报 · the unit or 全中心 · the period's days in China time. */
export function reportTitle(r: Pick<SupervisionReport, 'unit' | 'from' | 'to'>, names: ReportNames): string {
  const day = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
  const first = day.format(new Date(r.from));
  const last = day.format(new Date(Date.parse(r.to) - 1));
  return `督查专报 · ${r.unit ? names.unitName(r.unit) : '全中心'} · ${first === last ? first : `${first}至${last}`}`;
}

function kpiSection(r: SupervisionReport): ReportSection {
  const rates = r.unit ? UNIT_RATES : KPI_RATES;
  const raw = r.kpis.raw;
  const adjusted = r.kpis.adjusted;
  const byRate = new Map(r.kpis.orders.map((o) => [o.rate, o]));
  return {
    key: 'kpis',
    title: '一、考核指标（原始与调整后）',
    note: `计入考核的工单 ${raw?.orders ?? 0} 件；调整后剔除第三方评议认定“不可归责”的评价；工单列为计入各率分母的工单（至多 ${REPORT_ORDER_LIMIT} 件）。综合得分（调整后）：${
      adjusted?.composite == null ? '—' : (adjusted.composite * 100).toFixed(1)
    }`,
    columns: ['指标', '原始', '调整后', '分子/分母（原始）'],
    rows: rates.map((rate) => {
      const o = byRate.get(rate);
      return {
        cells: [
          KPI_RATE_NAME[rate],
          percent(raw?.[rate]),
          percent(adjusted?.[rate]),
          o ? `${o.numerator.total}/${o.denominator.total}` : '—',
        ],
        // The orders counted in the rate (its denominator), the first of them: the counts are of outcomes, not orders.
        orders: o ? { total: o.denominator.orderIds.length, orderIds: o.denominator.orderIds } : null,
      };
    }),
    empty: '这段时间没有计入考核的工单',
  };
}

/** The report as the sections both the page and the PDF print, in order. */
export function reportSections(r: SupervisionReport, names: ReportNames): ReportSection[] {
  return [
    kpiSection(r),
    {
      key: 'breaches',
      title: '二、超时',
      note: '时限到期仍未签收或办结等；签收和办结超时计入当时的承办单位，协办超时计入协办单位。',
      columns: ['超时类型', '件数'],
      rows: r.breaches.map((b) => ({
        cells: [isClockKind(b.clock) ? CLOCK_BREACHED[b.clock] : '其他超时', count(b.orders)],
        orders: b.orders,
      })),
      empty: '这段时间没有超时',
    },
    {
      key: 'escalations',
      title: '三、提级督办及原因',
      note: '系统按时限和退单、重办次数自动提级，协调督办员也可人工提级；计入当时的承办单位。',
      columns: ['提级至', '原因', '件数'],
      rows: r.escalations.map((e) => ({
        cells: [
          ESCALATION_LEVEL_NAME[e.level] ?? `L${e.level}`,
          e.cause === null ? '协调督办员人工提级' : reasonText(e.cause),
          count(e.orders),
        ],
        orders: e.orders,
      })),
      empty: '这段时间没有提级督办',
    },
    {
      key: 'disputes',
      title: '四、退单争议及裁定结果',
      note: '承办单位提出的退单，按协调督办员的裁定（或超时转兜底单位）计胜负。',
      columns: ['裁定结果', '件数'],
      rows: r.disputes.map((d) => ({ cells: [DISPUTE_OUTCOME_NAME[d.outcome], count(d.orders)], orders: d.orders })),
      empty: '这段时间没有退单',
    },
    {
      key: 'quality',
      title: '五、答复质检问题',
      note: '办结时答复质检发现的问题，按问题类型和复核结果统计。',
      columns: ['问题类型', '说明', '处理结果', '件数'],
      rows: r.quality.map((q) => ({
        cells: [FINDING_NAMES[q.code], FINDING_MESSAGES[q.code], FINDING_OUTCOME_NAME[q.outcome], count(q.orders)],
        orders: q.orders,
      })),
      empty: '这段时间没有质检问题',
    },
    {
      key: 'inspection',
      title: '六、抽查评分',
      note: `每周随机抽取已办结工单（及话务受理）逐项评分（1–5 分），工单列为得分 2 分及以下者。问责线索 ${r.cases.total} 件${
        r.cases.total ? `：${r.cases.orderIds.join('、')}` : ''
      }。`,
      columns: ['评分项', '平均分', '评分件数', '2 分及以下'],
      rows: r.inspection.map((i) => ({
        cells: [
          `${i.kind === 'order' ? '承办' : '受理'} · ${RUBRIC_LABEL[i.item]}`,
          i.mean.toFixed(2),
          count(i.orders),
          count(i.low),
        ],
        orders: i.low,
      })),
      empty: '这段时间没有抽查评分',
    },
    {
      key: 'structural',
      title: '七、突出结构性问题（每月一题候选）',
      note: '截至本期末，同一地点同一类问题在近几个月内反复被投诉。',
      columns: ['分类', '区域', '地点', '涉及月份', '件数'],
      rows: r.structural.map((s) => ({
        cells: [names.categoryName(s.category), s.district, s.address, s.months.join('、'), count(s.orders)],
        orders: s.orders,
      })),
      empty: '没有结构性问题候选',
    },
  ];
}
