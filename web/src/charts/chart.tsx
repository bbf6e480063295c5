/**
 * One ECharts chart in a React element: created on mount, given new options when they
 * change, resized with its box, disposed on unmount. The canvas says nothing to a
 * screen reader, so the element carries a summary (`label`) and every chart is paired
 * with its numbers as a table on the page.
 *
 * ECharts (~190 kB gzipped) is imported when the first chart mounts, not with the page:
 * the page renders and asks for its data at once, and the library loads meanwhile.
 */

import type { EChartsType } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption } from './echarts.ts';

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
  const chart = useRef<EChartsType | null>(null);
  // The options in force when the library arrives (they may have changed meanwhile).
  const latest = useRef(option);
  latest.current = option;
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import('./echarts.ts').then(
      ({ echarts }) => {
        if (disposed || !box.current) return;
        const instance = echarts.init(box.current, undefined, { renderer: 'canvas' });
        chart.current = instance;
        instance.setOption(latest.current, { notMerge: true });
        observer = new ResizeObserver(() => instance.resize());
        observer.observe(box.current);
      },
      () => {
        if (!disposed) setFailed(true);
      },
    );
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div ref={box} className="chart" role="img" aria-label={label} style={{ height }}>
      {failed && (
        <p className="state state-error">
          The chart could not load; its numbers are one click away.
        </p>
      )}
    </div>
  );
}
