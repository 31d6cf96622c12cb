/**
 * 督查专报 (#26 item 4): for a period and one unit or the whole centre, the KPIs raw and adjusted, breaches
 * and escalations with their causes, disputes and who won them, 质检 findings and what became of them, 抽查
 * scores by rubric item and the top structural problems — every figure with the orders behind it. As JSON
 * for the console's printable page, and as a PDF made here (api/supervision-report-pdf.ts) from the same
 * sections (domain/supervision-report.ts). Read by the manager, the coordinator and the auditor: the
 * readers of the KPIs it is built on.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { structuralProblems } from '../db/hotspots';
import { kpisFromOutcomes } from '../db/kpi';
import type { ReferenceCache } from '../db/reference-cache';
import { ordersLedBy, supervisionFigures, type ReportScope } from '../db/supervision-report';
import { KPI_RATES, RATE_PARTS, UNIT_RATES, type KpiFigures } from '../domain/kpi';
import { INSPECTION_KINDS, INTAKE_RUBRIC, ORDER_RUBRIC } from '../domain/inspection';
import { REPLY_FINDING_CODES } from '../domain/reply-quality';
import {
  DISPUTE_OUTCOMES,
  FINDING_OUTCOMES,
  orderList,
  reportSections,
  reportTitle,
  type SupervisionReport,
} from '../domain/supervision-report';
import { unitCode } from './http/fields';
import { HttpProblem } from './http/problem';
import { route, type Route } from './http/route';
import { periodOf, periodQuery } from './period';
import { kpiFigures } from './schemas';
import { supervisionReportPdf } from './supervision-report-pdf';

/** How many structural-problem candidates the report lists. */
const TOP_STRUCTURAL = 5;

const reportQuery = periodQuery.extend({
  unit: unitCode.optional().meta({ description: 'The unit reported on; absent: the whole centre' }),
});

const orderListBody = z.object({
  total: z.int(),
  orderIds: z.array(z.string()).meta({ description: 'The first 50 orders behind the figure' }),
});

const reportBody = z.object({
  from: z.string(),
  to: z.string(),
  unit: z.string().nullable(),
  kpis: z.object({
    raw: kpiFigures.nullable(),
    adjusted: kpiFigures.nullable(),
    orders: z.array(z.object({ rate: z.enum(KPI_RATES), numerator: orderListBody, denominator: orderListBody })),
  }),
  breaches: z.array(z.object({ clock: z.string(), orders: orderListBody })),
  escalations: z.array(
    z.object({
      level: z.int(),
      cause: z.string().nullable().meta({ description: 'As recorded; null: a coordinator escalated by hand' }),
      orders: orderListBody,
    }),
  ),
  disputes: z.array(z.object({ outcome: z.enum(DISPUTE_OUTCOMES), orders: orderListBody })),
  quality: z.array(
    z.object({
      code: z.enum(REPLY_FINDING_CODES),
      outcome: z.enum(FINDING_OUTCOMES),
      orders: orderListBody,
    }),
  ),
  inspection: z.array(
    z.object({
      kind: z.enum(INSPECTION_KINDS),
      item: z.enum([...ORDER_RUBRIC, ...INTAKE_RUBRIC]),
      mean: z.number(),
      orders: orderListBody,
      low: orderListBody,
    }),
  ),
  cases: orderListBody,
  structural: z.array(
    z.object({
      category: z.string(),
      district: z.string(),
      address: z.string(),
      months: z.array(z.string()),
      orders: orderListBody,
    }),
  ),
});

export async function supervisionReport(
  db: Db,
  reference: ReferenceCache,
  q: z.infer<typeof reportQuery>,
): Promise<SupervisionReport> {
  const { from, to } = periodOf(q);
  if (q.unit !== undefined && !reference.get().units.has(q.unit)) {
    throw new HttpProblem(422, 'rule_violated', 'No such unit', {
      errors: [{ field: 'query.unit', message: `没有代码为 ${q.unit} 的单位` }],
    });
  }
  const scope: ReportScope = { from, to, unit: q.unit };
  const rates = q.unit ? UNIT_RATES : KPI_RATES;
  const weights = reference.get().policy.kpiWeights;
  const end = to.getTime() - 1;
  const [kpiRows, figures, candidates] = await Promise.all([
    kpisFromOutcomes(db, { groupBy: q.unit ? 'unit' : 'centre', from, to, weights, unit: q.unit }),
    supervisionFigures(db, scope, rates),
    // 每月一题 as /structural-problems judges it, on the period's last day.
    structuralProblems(db, reference.get().units, reference.get().policy.structural, end),
  ]);
  const row = kpiRows[0];
  const counted = (f: KpiFigures | undefined, names: readonly string[]) =>
    names.reduce((n, name) => n + (f?.counts[name] ?? 0), 0);
  // A unit's report: the candidates with an order the unit led (a place's problem is judged across units).
  const led = q.unit
    ? await ordersLedBy(
        db,
        q.unit,
        candidates.flatMap((c) => c.orders.map((o) => o.orderId)),
      )
    : null;
  const structural = candidates
    .filter((c) => led === null || c.orders.some((o) => led.has(o.orderId)))
    .slice(0, TOP_STRUCTURAL);
  return {
    from: q.from,
    to: q.to,
    unit: q.unit ?? null,
    kpis: {
      raw: row?.raw ?? null,
      adjusted: row?.adjusted ?? null,
      orders: figures.kpiOrders.map((k) => ({
        rate: k.rate,
        numerator: { total: counted(row?.raw, RATE_PARTS[k.rate].numerator), orderIds: k.numerator },
        denominator: { total: counted(row?.raw, RATE_PARTS[k.rate].denominator), orderIds: k.denominator },
      })),
    },
    breaches: figures.breaches,
    escalations: figures.escalations,
    disputes: figures.disputes,
    quality: figures.quality,
    inspection: figures.inspection,
    cases: figures.cases,
    structural: structural.map(({ orders, ...c }) => ({ ...c, orders: orderList(orders.map((o) => o.orderId)) })),
  };
}

export function supervisionReportRoutes({ db, reference }: { db: Db; reference: ReferenceCache }): Route[] {
  const roles = ['manager', 'coordinator', 'auditor'] as const;
  const responses = {
    400: 'Invalid period or unit code',
    422: 'The period ends before it starts or is too long, or no such unit',
  };
  const names = () => ({
    unitName: (code: string) => reference.get().units.get(code)?.name ?? code,
    categoryName: (code: string) => reference.get().catalogue.get(code)?.name ?? '未列入目录的分类',
  });
  return [
    route({
      method: 'get',
      path: '/supervision-reports',
      tag: 'kpis',
      summary:
        'The supervision report (督查专报) of a period for one unit or the whole centre, with the orders behind each figure',
      roles,
      query: reportQuery,
      responses: { 200: { description: 'The report', body: reportBody }, ...responses },
      handle: async ({ query }) => ({ status: 200, body: await supervisionReport(db, reference, query) }),
    }),
    route({
      method: 'get',
      path: '/supervision-reports.pdf',
      tag: 'kpis',
      summary: 'The same report as a PDF (A4, Chinese text, the sections the console prints)',
      roles,
      query: reportQuery,
      produces: 'application/pdf',
      responses: { 200: { description: 'PDF', body: z.string() }, ...responses },
      handle: async ({ query }) => {
        const report = await supervisionReport(db, reference, query);
        const n = names();
        const pdf = await supervisionReportPdf(reportTitle(report, n), reportSections(report, n), new Date());
        return {
          status: 200,
          contentType: 'application/pdf',
          headers: {
            'Content-Disposition': `attachment; filename="supervision-report.pdf"; filename*=UTF-8''${encodeURIComponent(`${reportTitle(report, n)}.pdf`)}`,
          },
          body: pdf,
        };
      },
    }),
  ];
}
