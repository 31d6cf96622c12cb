/**
 * 考核看板: the units' assessment for a day, week, month or any range (China time) — every rate raw and
 * review-adjusted side by side, the composite with the policy's weights, the rank and the change against
 * the previous period — each figure drilling down to its orders, downloads of the table as shown, and the
 * centre's weekly trend per rate (its charts load after the table).
 */
import { Alert, Button, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ProblemAlert } from '../../components/Problem';
import { useLookups } from '../../hooks';
import { AssessmentTable } from './components/AssessmentTable';
import { DrillDown, type Drill } from './components/DrillDown';
import { COLUMNS, download, RATE_LABEL, toCsv, toXlsx } from './components/sheet';
import { useAssessment, useTrend } from './hooks/assessment';
import { chinaToday, periodFromSearch, periodLabel, periodOf } from './hooks/period';
import { PeriodPicker } from '../../components/PeriodPicker';
import { KPI_RATES } from '../../../../domain/kpi';

const TrendCharts = lazy(() => import('./components/TrendCharts'));

const DAY = 'YYYY-MM-DD';

export default function Dashboard() {
  const [search] = useSearchParams();
  const [period, setPeriod] = useState(() => periodFromSearch(search) ?? periodOf('week', chinaToday()));
  const [drill, setDrill] = useState<Drill | null>(null);
  const { unitName } = useLookups();
  const assessment = useAssessment(period);
  const trend = useTrend(period);
  const rows = assessment.data?.rows ?? [];
  const weights = assessment.data?.weights;
  const title = `考核看板 · ${periodLabel(period)}`;
  const file = `考核看板_${period.start}_${dayjs(period.end).subtract(1, 'day').format(DAY)}`;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <h1 style={{ fontSize: 20, margin: 0 }}>{title}</h1>
        <Space wrap>
          <PeriodPicker period={period} onChange={setPeriod} label="考核" />
          <Button
            disabled={rows.length === 0}
            onClick={() => download(`${file}.csv`, toCsv(COLUMNS, rows, unitName), 'text/csv')}
          >
            导出逗号分隔文件
          </Button>
          <Button
            disabled={rows.length === 0}
            onClick={() =>
              void toXlsx(COLUMNS, rows, unitName, title).then((b) =>
                download(`${file}.xlsx`, b, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
              )
            }
          >
            导出电子表格
          </Button>
        </Space>
      </Space>
      <ProblemAlert error={assessment.error} />
      {weights && (
        <Alert
          type="info"
          showIcon
          message={`综合得分 = 各率加权平均（满分100；重办率、退单率按“1 − 率”计入；单位无数据的率不计，其余权重按比例放大）。权重：${KPI_RATES.filter(
            (r) => r !== 'directAnswerRate' && r !== 'qualityFlagRate' && r !== 'dispatchAccuracyRate',
          )
            .map((r) => `${RATE_LABEL[r]} ${Math.round((weights[r.replace(/Rate$/, '')] ?? 0) * 100)}%`)
            .join(
              '，',
            )}。排名按调整后综合得分；调整后剔除第三方评议认定“非单位责任”的评价。质检问题率、派单准确率不计入综合得分（派单准确率按首次派往的单位统计，是受理派单的准确性）。点击任一比率查看其背后的工单。`}
        />
      )}
      <AssessmentTable rows={rows} loading={assessment.loading} onDrill={setDrill} period={period} />
      <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
        全中心各率近八周走势
      </Typography.Title>
      <ProblemAlert error={trend.error} />
      <Suspense fallback={null}>{trend.data && <TrendCharts points={trend.data} />}</Suspense>
      <DrillDown drill={drill} period={period} onClose={() => setDrill(null)} />
    </Space>
  );
}
