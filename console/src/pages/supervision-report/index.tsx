/**
 * 督查专报: a period's report on one unit or the whole centre — the KPIs raw and adjusted, breaches and
 * escalations with their causes, disputes and who won them, 质检 findings, 抽查 scores and the top
 * structural problems — each figure with the orders behind it, linked. Printable (the browser's print
 * leaves out the navigation and starts each section on a page of its own), and downloadable as the PDF the
 * server makes of the same sections (domain/supervision-report.ts).
 */
import { Button, Select, Space, Spin } from 'antd';
import { useState } from 'react';
import { reportSections, reportTitle } from '../../../../domain/supervision-report';
import { ProblemAlert } from '../../components/Problem';
import { instants } from '../dashboard/hooks/period';
import { PeriodPicker } from '../../components/PeriodPicker';
import { useLookups } from '../../hooks';
import { ReportSectionTable } from './components/ReportSectionTable';
import { downloadPdf, useReport, useReportScope } from './hooks/report';

const CENTRE = '';

/** The browser's print: the report alone, A4, each section from the top of a page, rows never split. */
const PRINT_CSS = `
@page { size: A4; margin: 14mm; }
@media print {
  .ant-layout-header, .report-controls { display: none !important; }
  .ant-layout-content { padding: 0 !important; }
  .report-section { break-before: page; }
  .report-section:first-child { break-before: auto; }
  .report-section tr { break-inside: avoid; }
  .report-section a { color: inherit; text-decoration: none; }
}
.report-section:not(:first-child) { margin-top: 24px; }
.report-orders { display: flex; flex-wrap: wrap; gap: 2px 10px; }
`;

export default function SupervisionReport() {
  const { period, unit, setPeriod, setUnit } = useReportScope();
  const { lookups, unitName, categoryName } = useLookups();
  const report = useReport(period, unit);
  const [downloading, setDownloading] = useState<Error | null | 'busy'>(null);
  const names = { unitName: (c: string) => unitName(c), categoryName: (c: string) => categoryName(c) };
  const title = reportTitle({ unit, ...instants(period) }, names);
  const pdf = () => {
    setDownloading('busy');
    downloadPdf(period, unit, `${title.replace(/ · /g, '_')}.pdf`).then(
      () => setDownloading(null),
      (e: Error) => setDownloading(e),
    );
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} className="supervision-report">
      <style>{PRINT_CSS}</style>
      <h1 style={{ fontSize: 20, margin: 0 }}>{title}</h1>
      <Space wrap className="report-controls">
        <PeriodPicker period={period} onChange={setPeriod} label="报告" />
        <Select
          aria-label="报告单位"
          showSearch
          optionFilterProp="label"
          style={{ minWidth: 240 }}
          value={unit ?? CENTRE}
          onChange={(v: string) => setUnit(v === CENTRE ? null : v)}
          options={[
            { value: CENTRE, label: '全中心' },
            ...(lookups?.units ?? []).filter((u) => u.kind !== 'centre').map((u) => ({ value: u.code, label: u.name })),
          ]}
        />
        <Button onClick={() => window.print()}>打印</Button>
        <Button type="primary" loading={downloading === 'busy'} onClick={pdf}>
          下载版式文件
        </Button>
      </Space>
      <ProblemAlert error={report.error ?? (downloading instanceof Error ? downloading : null)} />
      {report.loading && !report.data && <Spin aria-label="加载中" />}
      {report.data && (
        <div>
          {reportSections(report.data, names).map((s) => (
            <ReportSectionTable key={s.key} section={s} />
          ))}
        </div>
      )}
    </Space>
  );
}
