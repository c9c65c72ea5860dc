import { formatYuan, parseRatio, parseYuan, roundToFenHalfUp, type Yuan } from '../money';
import {
  isStatisticAmount,
  type Amount,
  type PolicyPack,
  type PublishedStatistic,
  type StatisticAmount,
} from './policy-pack';
import { SettlementRefused, type TraceStep } from './settlement.types';
import { traceStep } from './trace';

/**
 * Thresholds and caps given as a share of a published statistic (Guizhou: 50% of the previous year's
 * per-capita disposable income; Shanxi: a share of the province's). Statistics come only from the
 * published revision, so an amount never depends on when a claim happened to be recorded.
 */

export interface ResolvedAmount {
  readonly value: Yuan;
  /** How a statistic-based amount was derived, in a full sentence; null for a fixed amount. */
  readonly derivation: string | null;
  /** The same derivation as a trace step (key `amount.statistic` or `amount.statistic-fallback`); null for a fixed amount. */
  readonly step: TraceStep | null;
}

const findStatistic = (pack: PolicyPack, amount: StatisticAmount, year: number): PublishedStatistic | undefined =>
  (pack.statistics ?? []).find(
    (published) => published.statistic === amount.statistic && published.geography === amount.geography && published.year === year,
  );

const statisticStep = (key: string, pack: PolicyPack, published: PublishedStatistic, amount: StatisticAmount, field: string, value: Yuan, benefitYear: number): TraceStep =>
  traceStep(
    key,
    {
      figure: field,
      statistic: amount.statistic,
      geography: amount.geography,
      year: String(published.year),
      neededYear: String(benefitYear - 1),
      value: published.value,
      factor: amount.factor,
      amount: formatYuan(value),
    },
    `statistics.${(pack.statistics ?? []).indexOf(published)}`,
  );

const shareOf = (published: PublishedStatistic, amount: StatisticAmount): Yuan =>
  // A share of a statistic is rarely whole fen; it is rounded once, half up, like every amount.
  roundToFenHalfUp(parseYuan(published.value, `statistics ${published.statistic} ${published.year}`).times(parseRatio(amount.factor, 'factor')));

const describe = (amount: StatisticAmount, year: number): string => `${amount.statistic} (${amount.geography}) for ${year}`;

const resolveStatistic = (pack: PolicyPack, amount: StatisticAmount, benefitYear: number, field: string): ResolvedAmount => {
  const year = benefitYear - 1;
  const published = findStatistic(pack, amount, year);
  if (published) {
    const value = shareOf(published, amount);
    const text = `The ${field} is ${amount.factor} × ${describe(amount, year)} ${published.value} = ${formatYuan(value)} (rounded to the fen, half up).`;
    return { value, derivation: text, step: statisticStep('amount.statistic', pack, published, amount, field, value, benefitYear) };
  }
  const earlier = pack.statisticFallback === 'previousYearThreshold' ? findStatistic(pack, amount, year - 1) : undefined;
  if (earlier) {
    const value = shareOf(earlier, amount);
    const text =
      `${describe(amount, year)} is not published in revision ${pack.revision}, so the previous year's ${field} applies ` +
      `(statisticFallback: previousYearThreshold): ${amount.factor} × ${describe(amount, year - 1)} ${earlier.value} = ${formatYuan(value)}.`;
    return { value, derivation: text, step: statisticStep('amount.statistic-fallback', pack, earlier, amount, field, value, benefitYear) };
  }
  throw new SettlementRefused(
    'NO_POLICY_IN_FORCE',
    `The ${field} needs ${describe(amount, year)}, which revision ${pack.revision} of ${pack.region} does not publish` +
      (pack.statisticFallback === 'previousYearThreshold' ? `, nor ${describe(amount, year - 1)} for the fallback` : ', and the pack has no fallback'),
  );
};

/** A fixed amount, or the share of a statistic of the year before the benefit year. */
export const resolveAmount = (pack: PolicyPack, amount: Amount, benefitYear: number, field: string): ResolvedAmount =>
  isStatisticAmount(amount)
    ? resolveStatistic(pack, amount, benefitYear, field)
    : { value: parseYuan(amount, field), derivation: null, step: null };

/** As resolveAmount; `null` stays null and means "no cap". */
export const resolveCap = (pack: PolicyPack, amount: Amount | null, benefitYear: number, field: string): ResolvedAmount | null =>
  amount === null ? null : resolveAmount(pack, amount, benefitYear, field);
