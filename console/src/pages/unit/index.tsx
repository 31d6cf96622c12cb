/**
 * 单位详情: one unit's period — its composite and clock breaches, what became of its returns (退单: 胜,
 * 负, 待裁定) and extension requests (延期), the escalations of the orders it led, and its figures by
 * category. Opened from the unit's name on the 考核看板, for the same period.
 */
import { Button, Card, Col, Row, Space, Statistic, Table } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { ProblemAlert } from '../../components/Problem';
import { useLoad, useLookups } from '../../hooks';
import {
  chinaToday,
  instants,
  periodFromSearch,
  periodLabel,
  periodOf,
  periodSearch,
  type Period,
} from '../dashboard/hooks/period';
import { download, toCsv, toXlsx } from '../dashboard/components/sheet';
import { CATEGORY_COLUMNS, type CategoryRow } from './columns';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The period in the address (from the dashboard's link), else this week. */
function usePeriod(): Period {
  const [search] = useSearchParams();
  return periodFromSearch(search) ?? periodOf('week', chinaToday());
}

function Figure({ title, value, testId }: { title: string; value: number | string; testId: string }) {
  return (
    <Col xs={12} lg={4}>
      <Card size="small">
        <Statistic title={title} value={value} data-testid={testId} />
      </Card>
    </Col>
  );
}

/** A card of counts that belong together: the unit's returns and what became of them, its extension requests. */
function Tally({ title, testId, figures }: { title: string; testId: string; figures: [string, number][] }) {
  return (
    <Col xs={24} lg={12}>
      <Card size="small" title={title}>
        <Space size="large" data-testid={testId}>
          {figures.map(([name, value]) => (
            <Statistic key={name} title={name} value={value} />
          ))}
        </Space>
      </Card>
    </Col>
  );
}

export default function UnitPage() {
  const { unit = '' } = useParams();
  const period = usePeriod();
  const { unitName, categoryName } = useLookups();
  const detail = useLoad(['unit-detail', unit, period], () =>
    ok(api.GET('/kpis/units/{unit}', { params: { path: { unit }, query: instants(period) } })),
  );
  const d = detail.data;
  const f = d?.figures?.adjusted;
  const back = `/dashboard?${periodSearch(period)}`;
  const title = `单位详情 · ${unitName(unit)} · ${periodLabel(period)}`;
  const file = `单位详情_${unitName(unit)}_${period.start}`;
  const category = (code: string) => categoryName(code === 'uncategorised' ? null : code);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <h1 style={{ fontSize: 20, margin: 0 }}>{title}</h1>
        <Link to={back}>返回考核看板</Link>
      </Space>
      <ProblemAlert error={detail.error} />
      {d && (
        <>
          <Row gutter={[12, 12]}>
            <Figure
              title="综合得分（调整后）"
              value={f?.composite == null ? '—' : (f.composite * 100).toFixed(1)}
              testId="unit-composite"
            />
            <Figure title="签收超时" value={f?.counts.responseBreached ?? 0} testId="unit-response-breached" />
            <Figure title="办结超时" value={f?.counts.handlingBreached ?? 0} testId="unit-handling-breached" />
            <Figure title="提级督办（L2）" value={d.escalations.l2} testId="unit-l2" />
            <Figure title="高位协调（L3）" value={d.escalations.l3} testId="unit-l3" />
            <Figure title="催办（L1）" value={d.escalations.l1} testId="unit-l1" />
          </Row>
          <Row gutter={[12, 12]}>
            <Tally
              title="退单争议"
              testId="unit-returns"
              figures={[
                ['提出退单', d.returns.total],
                ['退单成立（改派）', d.returns.won],
                ['退单不成立（维持）', d.returns.lost],
                ['待裁定', d.returns.waiting],
              ]}
            />
            <Tally
              title="延期申请"
              testId="unit-extensions"
              figures={[
                ['申请', d.extensions.requested],
                ['批准', d.extensions.granted],
                ['驳回', d.extensions.denied],
                ['待审批', d.extensions.waiting],
              ]}
            />
          </Row>
          <Card
            size="small"
            title="按分类"
            extra={
              <Space>
                <Button
                  onClick={() => download(`${file}.csv`, toCsv(CATEGORY_COLUMNS, d.categories, category), 'text/csv')}
                >
                  导出逗号分隔文件
                </Button>
                <Button
                  onClick={() =>
                    void toXlsx(CATEGORY_COLUMNS, d.categories, category, title).then((b) =>
                      download(`${file}.xlsx`, b, XLSX),
                    )
                  }
                >
                  导出电子表格
                </Button>
              </Space>
            }
          >
            <Table<CategoryRow>
              rowKey="group"
              size="small"
              pagination={false}
              data-testid="unit-categories"
              loading={detail.loading}
              locale={{ emptyText: '这段时间没有计入考核的工单' }}
              dataSource={d.categories}
              columns={CATEGORY_COLUMNS.map((c) => ({
                key: c.key,
                title: c.group ? `${c.group}（${c.title}）` : c.title,
                render: (_: unknown, r: CategoryRow) => c.cell(r, category).text,
              }))}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
