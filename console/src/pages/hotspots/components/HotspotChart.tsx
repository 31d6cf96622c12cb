/** The period's count against the period before and the baseline, per category and district: ECharts, only in this screen's chunk. */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { HotspotRow } from '../hooks/hotspots';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const label = (r: HotspotRow) => `${r.district}·${r.categoryName}`;

export default function HotspotChart({ rows }: { rows: HotspotRow[] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    // A canvas draws only glyphs already loaded: the page's web font, its slices for these labels first.
    const fontFamily = getComputedStyle(el.current!).fontFamily;
    const shown = rows.slice(0, 10);
    const draw = () =>
      chart.isDisposed() ||
      chart.setOption({
        animation: false,
        textStyle: { fontFamily },
        grid: { left: 40, right: 12, top: 28, bottom: 48 },
        legend: { top: 0, right: 0, itemWidth: 14 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: shown.map(label), axisLabel: { interval: 0, rotate: 12 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: '本期', type: 'bar', data: shown.map((r) => r.count) },
          { name: '上期', type: 'bar', data: shown.map((r) => r.previousCount) },
          { name: '基线预期', type: 'bar', data: shown.map((r) => Number(r.baselineMean.toFixed(1))) },
        ],
      });
    void document.fonts.load(`12px ${fontFamily}`, `本期上期基线预期${shown.map(label).join('')}`).then(draw, draw);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [rows]);
  return <div ref={el} role="img" aria-label="本期各分类各区件数与上期、基线预期对比" style={{ height: 240 }} />;
}
