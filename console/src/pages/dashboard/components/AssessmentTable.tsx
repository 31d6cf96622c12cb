/**
 * The units' assessment: each rate raw beside adjusted with the counts it divides (a click lists the
 * orders behind it), the composite, the rank and the change against the previous period.
 */
import { Button, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { useLookups } from '../../../hooks';
import { periodSearch, type Period } from '../hooks/period';
import type { UnitAssessment } from '../hooks/assessment';
import type { Drill } from './DrillDown';
import { COLUMNS, parts, type Column } from './sheet';

function cellOf(
  c: Column,
  r: UnitAssessment,
  unitName: (code: string) => string,
  onDrill: (d: Drill) => void,
  period: Period,
) {
  const { text, value } = c.cell(r, unitName);
  // The unit's name opens its own page (单位详情) for the same period.
  if (c.key === 'unit') return <Link to={`/dashboard/units/${r.group}?${periodSearch(period)}`}>{text}</Link>;
  if (!c.drill || typeof value !== 'number') return text;
  const { numerator, denominator } = parts(r[c.drill.basis], c.drill.rate);
  const drill = { unit: r.group, ...c.drill, text, numerator, denominator };
  return (
    <Button
      type="link"
      size="small"
      style={{ padding: 0, height: 'auto', flexDirection: 'column', gap: 0 }}
      data-testid={`figure-${r.group}-${c.key}`}
      onClick={() => onDrill(drill)}
    >
      <span>{text}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {numerator}/{denominator}
      </Typography.Text>
    </Button>
  );
}

export function AssessmentTable({
  rows,
  loading,
  onDrill,
  period,
}: {
  rows: UnitAssessment[];
  loading: boolean;
  onDrill: (d: Drill) => void;
  period: Period;
}) {
  const { unitName } = useLookups();
  const columns: ColumnsType<UnitAssessment> = [];
  for (const c of COLUMNS) {
    const column = {
      key: c.key,
      title: c.title,
      align: c.key === 'unit' ? ('left' as const) : ('center' as const),
      render: (_: unknown, r: UnitAssessment) => cellOf(c, r, unitName, onDrill, period),
    };
    const last = columns.at(-1);
    if (!c.group) columns.push(column);
    else if (last && 'children' in last && last.title === c.group) last.children.push(column);
    else columns.push({ key: c.group, title: c.group, children: [column] });
  }
  return (
    <Table<UnitAssessment>
      rowKey="group"
      size="small"
      bordered
      loading={loading}
      pagination={false}
      dataSource={rows}
      columns={columns}
      data-testid="assessment"
      locale={{ emptyText: '本期没有可考核的办理记录' }}
    />
  );
}
