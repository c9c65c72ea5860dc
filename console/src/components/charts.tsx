import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
} from 'chart.js';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Tier } from '../api/types';
import type { FundTier } from '../api/report-types';
import { useText } from '../context';
import type { ComparisonSeries } from '../model/simulation';
import type { TierSeries } from '../model/usage-series';
import { formatAmount } from '../model/money';

// Only the parts used here are registered, which keeps Chart.js's share of the bundle small.
Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, BarController, BarElement, Tooltip, Legend);

export const TIER_COLOURS: Readonly<Record<FundTier, string>> = {
  basic: '#2f6db5',
  critical: '#8e44ad',
  assistance: '#1e8f5a',
  reassistance: '#d35400',
  subsidy: '#7f8c8d',
  oneTimeAssistance: '#b7950b',
};

/** Mounts a chart on a canvas and rebuilds it when `config` changes; destroyed on unmount. */
// Chart.js 'before': from one point to the next the line runs flat at the old total, then rises at
// the next point, so the total changes on a claim's date and holds until the next one.
const useChart = (config: ChartConfiguration): preact.RefObject<HTMLCanvasElement> => {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config]);
  return canvas;
};

const MONTHS_ZH = ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const monthStarts = (year: number): number[] => Array.from({ length: 12 }, (_, month) => (Date.UTC(year, month, 1) - Date.UTC(year, 0, 1)) / 86_400_000);

const yuan = (value: number): string => formatAmount(value.toFixed(2));

/** One tier of a person-year: cumulative paid (steps), cap (dashed), threshold (dotted) and threshold consumed. */
export const TierChart = ({ series, year }: { readonly series: TierSeries; readonly year: number }) => {
  const { t, lang } = useText();
  const colour = TIER_COLOURS[series.tier];
  // Rebuilt only when the data or the language changes, not on every render of the page.
  const config = useMemo((): ChartConfiguration => {
    const horizontal = (value: number) => [
      { x: 0, y: value },
      { x: series.daysInYear - 1, y: value },
    ];
    const datasets: ChartDataset<'line', Array<{ x: number; y: number }>>[] = [
      {
        label: t('usage.paid'),
        data: series.paid.map((point) => ({ x: point.day, y: point.value })),
        borderColor: colour,
        backgroundColor: colour,
        stepped: 'before',
        borderWidth: 2.5,
        pointRadius: series.paid.map((_, index) => (index === 0 || index === series.paid.length - 1 ? 0 : 3)),
      },
    ];
    const capStyle = { label: t('usage.cap'), borderColor: '#c0392b', borderDash: [8, 5], borderWidth: 1.5, pointRadius: 0 };
    if (series.capSteps !== null) {
      // Chart.js breaks the line at null (a stretch without a cap); the typing only knows numbers.
      const data = series.capSteps.map((point) => ({ x: point.day, y: point.value })) as Array<{ x: number; y: number }>;
      datasets.push({ ...capStyle, data, stepped: 'before', spanGaps: false });
    } else if (series.cap !== null) datasets.push({ ...capStyle, data: horizontal(series.cap) });
    if (series.threshold !== null && series.threshold > 0) {
      datasets.push({ label: t('usage.threshold'), data: horizontal(series.threshold), borderColor: '#555', borderDash: [2, 3], borderWidth: 1.5, pointRadius: 0 });
    }
    if (series.thresholdConsumed !== null) {
      datasets.push({
        label: t('usage.thresholdConsumed'),
        data: series.thresholdConsumed.map((point) => ({ x: point.day, y: point.value })),
        borderColor: '#999',
        stepped: 'before',
        borderWidth: 1,
        pointRadius: 0,
      });
    }
    const months = monthStarts(year);
    const names = lang === 'zh' ? MONTHS_ZH : MONTHS_EN;
    return {
      type: 'line',
      data: { datasets: datasets as ChartDataset[] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: {
            type: 'linear',
            min: 0,
            max: series.daysInYear - 1,
            afterBuildTicks: (axis) => {
              axis.ticks = months.map((value) => ({ value }));
            },
            ticks: { callback: (value) => names[months.indexOf(Number(value))] ?? '', autoSkip: false, maxRotation: 0 },
            grid: { color: '#eee' },
          },
          y: { beginAtZero: true, ticks: { callback: (value) => yuan(Number(value)).replace(/\.00$/, '') }, grid: { color: '#eee' } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 18, font: { size: 11 } } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${yuan(Number(item.parsed.y))}` } },
        },
      },
    } satisfies ChartConfiguration;
  }, [series, year, lang]);
  const canvas = useChart(config);
  const finalPaid = series.paid[series.paid.length - 1]?.value ?? 0;
  const tierName = t(`tier.${series.tier}` as `tier.${Tier}`);
  const capText = series.cap !== null ? yuan(series.cap) : series.capUnlimited ? t('usage.unlimited') : t('usage.unknown');
  return (
    <figure class="chart" data-tier={series.tier} data-paid={finalPaid.toFixed(2)} data-testid="tier-chart">
      <figcaption>{tierName}</figcaption>
      <div class="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={`${tierName}: ${t('usage.paid')} ${yuan(finalPaid)}, ${t('usage.cap')} ${capText}`} />
      </div>
    </figure>
  );
};

/** Funds by month, stacked by tier. */
export const FundsChart = ({ months, byMonth }: { readonly months: readonly string[]; readonly byMonth: ReadonlyArray<{ readonly tier: FundTier; readonly totals: readonly number[] }> }) => {
  const { t, lang } = useText();
  const config = useMemo((): ChartConfiguration => {
    return {
      type: 'bar',
      data: {
        labels: [...months],
        datasets: byMonth.map(({ tier, totals }) => ({ label: t(`tier.${tier}`), data: [...totals], backgroundColor: TIER_COLOURS[tier], stack: 'funds' })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, ticks: { callback: (value) => yuan(Number(value)).replace(/\.00$/, '') } },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${yuan(Number(item.parsed.y))}` } },
        },
      },
    } satisfies ChartConfiguration;
  }, [months, byMonth, lang]);
  const canvas = useChart(config);
  return (
    <div class="chart-canvas tall" data-testid="funds-chart">
      <canvas ref={canvas} role="img" aria-label={t('funds.byMonth')} />
    </div>
  );
};

/** Actual against draft, two bars per label (a simulation's tiers or categories). */
export const ComparisonChart = ({ series, testId, label }: { readonly series: ComparisonSeries; readonly testId: string; readonly label: string }) => {
  const { t, lang } = useText();
  const config = useMemo(
    (): ChartConfiguration => ({
      type: 'bar',
      data: {
        labels: [...series.labels],
        datasets: [
          { label: t('simulation.actual'), data: [...series.actual], backgroundColor: '#7f8c8d' },
          { label: t('simulation.draft'), data: [...series.draft], backgroundColor: '#2f6db5' },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { grid: { display: false } }, y: { beginAtZero: true, ticks: { callback: (value) => yuan(Number(value)).replace(/\.00$/, '') } } },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${yuan(Number(item.parsed.y))}` } },
        },
      },
    }),
    [series, lang],
  );
  const canvas = useChart(config);
  return (
    <div class="chart-canvas tall" data-testid={testId}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
};
