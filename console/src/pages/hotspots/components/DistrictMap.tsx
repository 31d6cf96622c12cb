/**
 * 各区件数地图: the city's districts (the GeoJSON the API serves from the seed, no map tiles) shaded by the
 * period's complaints, each district's name on it and, on hover, its count against the period before.
 */
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { DistrictMap as GeoJson, DistrictVolume } from '../hooks/hotspots';

// SVG: the browser draws the labels in the page's own font, and each district is a shape of its own.
echarts.use([MapChart, TooltipComponent, VisualMapComponent, SVGRenderer]);

const MAP = '江滨市';
const signed = (n: number) => `${n > 0 ? '+' : ''}${n}`;

export default function DistrictMap({ geo, districts }: { geo: GeoJson; districts: DistrictVolume[] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    echarts.registerMap(MAP, geo as Parameters<typeof echarts.registerMap>[1]);
    const chart = echarts.init(el.current!, undefined, { renderer: 'svg' });
    const fontFamily = getComputedStyle(el.current!).fontFamily;
    const volume = new Map(districts.map((d) => [d.district, d]));
    const names = geo.features.map((f) => f.properties.name);
    const data = names.map((name) => ({
      name,
      value: volume.get(name)?.count ?? 0,
      previous: volume.get(name)?.previousCount ?? 0,
    }));
    const max = Math.max(1, ...data.map((d) => d.value));
    const draw = () =>
      chart.isDisposed() ||
      chart.setOption({
        animation: false,
        textStyle: { fontFamily },
        tooltip: {
          trigger: 'item',
          formatter: (p: { name: string; data?: { value: number; previous: number } }) =>
            p.data
              ? `${p.name}<br/>本期 ${p.data.value} 件<br/>上期 ${p.data.previous} 件（较上期 ${signed(p.data.value - p.data.previous)}）`
              : p.name,
        },
        visualMap: {
          min: 0,
          max,
          left: 0,
          bottom: 0,
          text: ['多', '少'],
          calculable: false,
          inRange: { color: ['#e6f4ff', '#1677ff', '#002c8c'] },
          textStyle: { color: 'rgba(0, 0, 0, 0.88)' },
        },
        series: [
          {
            name: '本期件数',
            type: 'map',
            map: MAP,
            roam: false,
            label: {
              show: true,
              color: '#000',
              backgroundColor: 'rgba(255, 255, 255, 0.85)',
              padding: [2, 4],
              borderRadius: 2,
              formatter: (p: { name: string; value: number }) => `${p.name} ${Number.isNaN(p.value) ? 0 : p.value}`,
            },
            emphasis: { label: { color: '#000' }, itemStyle: { areaColor: '#ffd666' } },
            itemStyle: { borderColor: '#fff', borderWidth: 1.5 },
            data,
          },
        ],
      });
    void document.fonts.load(`12px ${fontFamily}`, `多少本期件上期较${names.join('')}`).then(draw, draw);
    // Resized with its box, and only while the box has a size: a map laid out in no space has a projection
    // that cannot be inverted, and ECharts throws on it (a hidden box keeps its last drawing instead).
    const observer = new ResizeObserver(([entry]) => {
      if (entry && entry.contentRect.width > 0 && entry.contentRect.height > 0) chart.resize();
    });
    observer.observe(el.current!);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [geo, districts]);
  const described = districts.map((d) => `${d.district} ${d.count} 件`).join('，');
  return (
    <div
      ref={el}
      role="img"
      aria-label={`各区本期件数地图：${described || '本期暂无投诉'}`}
      data-testid="district-map"
      style={{ height: 360 }}
    />
  );
}
