/**
 * The centre's weekly trend of each rate, raw beside adjusted, over the eight weeks up to the period's
 * end. ECharts is imported per chart type and part (echarts/core), and only by this screen's chunk.
 */
import { Card, Col, Row } from 'antd';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { KPI_RATES, type KpiRate } from '../../../../../domain/kpi';
import type { KpiRow } from '../hooks/assessment';
import type { Period } from '../hooks/period';
import { BASES, BASIS_LABEL, RATE_LABEL } from './sheet';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface TrendPoint {
  week: Period;
  figures: KpiRow | null;
}

const weekLabel = (p: Period) => `${Number(p.start.slice(5, 7))}月${Number(p.start.slice(8, 10))}日`;
const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Number((v * 100).toFixed(1)));

function Trend({ rate, points }: { rate: KpiRate; points: TrendPoint[] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    // A canvas draws only glyphs already loaded: the page's web font, its slices for these labels first.
    const fontFamily = getComputedStyle(el.current!).fontFamily;
    const labels = `${Object.values(BASIS_LABEL).join('')}${points.map((p) => weekLabel(p.week)).join('')}无数据`;
    const draw = () =>
      chart.isDisposed() ||
      chart.setOption({
        animation: false,
        textStyle: { fontFamily },
        grid: { left: 40, right: 12, top: 28, bottom: 24 },
        legend: { top: 0, right: 0, itemWidth: 14 },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null ? '无数据' : `${String(v)}%`) },
        xAxis: { type: 'category', data: points.map((p) => weekLabel(p.week)) },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        // Raw wide and solid, adjusted dashed on top: both stay visible where no review changed a figure.
        series: BASES.map((basis) => ({
          name: BASIS_LABEL[basis],
          type: 'line',
          connectNulls: false,
          lineStyle: basis === 'raw' ? { width: 4, opacity: 0.5 } : { width: 2, type: 'dashed' },
          data: points.map((p) => pct(p.figures?.[basis][rate])),
        })),
      });
    void document.fonts.load(`12px ${fontFamily}`, labels).then(draw, draw);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [rate, points]);
  return <div ref={el} role="img" aria-label={`${RATE_LABEL[rate]}近八周走势`} style={{ height: 180 }} />;
}

export default function TrendCharts({ points }: { points: TrendPoint[] }) {
  return (
    <Row gutter={[12, 12]}>
      {KPI_RATES.map((rate) => (
        <Col key={rate} xs={24} md={12} xl={6}>
          <Card size="small" title={`${RATE_LABEL[rate]} · 全中心周走势`}>
            <Trend rate={rate} points={points} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
