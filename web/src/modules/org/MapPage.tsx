import { Card, Flex, Select, Typography } from 'antd';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { type MapFigure, schoolLevels, useCommuneShapes, useMapFigures } from './api.ts';

echarts.use([MapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);
const MAP_NAME = 'gds-communes';
/** Labels show the commune's name (the series keys regions by code). */
const communeName = (p: { data?: { label?: string } }) => p.data?.label ?? '';

/** The province's communes coloured by a chosen figure (schools, or schools of one level). */
export default function MapPage() {
  const { t } = useTranslation('org');
  const [params, setParams] = useSearchParams();
  const figure = (params.get('figure') ?? 'schools') as MapFigure;
  const highlight = params.get('commune');
  const shapes = useCommuneShapes();
  const figures = useMapFigures(figure);
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current || !shapes.data || !figures.data) return;
    if (!echarts.getMap(MAP_NAME)) echarts.registerMap(MAP_NAME, shapes.data as never);
    const chart = echarts.init(el.current);
    const items = figures.data.communes;
    chart.setOption({
      tooltip: {
        trigger: 'item',
        formatter: (p: { data?: { label: string; value: number } }) =>
          p.data ? t('map.tooltip', { name: p.data.label, value: p.data.value }) : '',
      },
      visualMap: {
        min: 0,
        max: Math.max(1, figures.data.max),
        left: 'left',
        bottom: 10,
        calculable: true,
        inRange: { color: ['#f0f5ff', '#2f54eb'] },
      },
      series: [
        {
          type: 'map',
          map: MAP_NAME,
          nameProperty: 'code',
          roam: true,
          selectedMode: 'single',
          data: items.map((c) => ({ name: c.code, value: c.value, label: c.fullName, selected: c.code === highlight })),
          label: { show: false, formatter: communeName },
          emphasis: { label: { show: true, formatter: communeName } },
          select: { label: { show: true, formatter: communeName }, itemStyle: { areaColor: '#fa8c16' } },
        },
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [shapes.data, figures.data, highlight, t]);

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('map.title')}
        </Typography.Title>
        <Select
          aria-label={t('map.figure')}
          style={{ minWidth: 240 }}
          value={figure}
          onChange={(v) =>
            setParams((p) => {
              p.set('figure', v);
              return p;
            })
          }
          options={[
            { value: 'schools', label: t('map.schools') },
            ...schoolLevels.map((l) => ({ value: l, label: t(`common:schoolLevel.${l}`) })),
          ]}
        />
      </Flex>
      <Card style={{ marginTop: 16 }}>
        {shapes.isError ? <ErrorState error={shapes.error} /> : figures.isError ? <ErrorState error={figures.error} /> : null}
        {(shapes.isPending || figures.isPending) && <LoadingState />}
        <div ref={el} data-testid="org-map" role="img" aria-label={t('map.title')} style={{ width: '100%', height: 600 }} />
      </Card>
    </>
  );
}
