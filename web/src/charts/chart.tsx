/**
 * One ECharts chart in a React element: created on mount, given new options when they
 * change, resized with its box, disposed on unmount. The canvas says nothing to a
 * screen reader, so the element carries a summary (`label`) and every chart is paired
 * with its numbers as a table on the page.
 */
import { useEffect, useRef } from 'react';
import { type EChartsCoreOption, echarts } from './echarts.ts';

export function Chart({
  option,
  label,
  height = 340,
}: {
  readonly option: EChartsCoreOption;
  readonly label: string;
  readonly height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const instance = echarts.init(box.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="chart" role="img" aria-label={label} style={{ height }} />;
}
