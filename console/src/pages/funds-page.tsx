import { useMemo, useState } from 'preact/hooks';
import type { FundRow } from '../api/report-types';
import { Async, useAsync } from '../components/async';
import { FundsChart } from '../components/charts';
import { CategoryLabel, Money, Section } from '../components/labels';
import { useConsole, useText } from '../context';
import { CATEGORIES } from '../i18n/messages';
import { pivotFunds, type FundTotals } from '../model/funds';
import { isIsoDate } from '../model/time';

const isMonth = (value: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/** The region, period form shared by Funds and Corrections; regions are free text with the seed regions offered. */
export const RegionPeriodForm = ({
  initial,
  period,
  submitLabel,
  busy = false,
  onSubmit,
  children,
}: {
  readonly initial: { readonly region: string; readonly from: string; readonly to: string };
  /** Funds are reported by month; a reassessment's scope is a range of reference dates. */
  readonly period: 'month' | 'date';
  readonly submitLabel: string;
  readonly busy?: boolean;
  readonly onSubmit: (value: { readonly region: string; readonly from: string; readonly to: string }) => void;
  readonly children?: preact.ComponentChildren;
}) => {
  const { t, code } = useText();
  const { client } = useConsole();
  // Suggestions are the regions with a published policy; the field still takes any region code.
  const regions = useAsync((signal) => client.regions(signal), []);
  const [region, setRegion] = useState(initial.region);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const isPeriod = period === 'month' ? isMonth : isIsoDate;
  const valid = region.trim() !== '' && isPeriod(from) && isPeriod(to) && from <= to;
  return (
    <form
      class="form-row"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) onSubmit({ region: region.trim(), from, to });
      }}
    >
      <label class="control">
        <span class="control-label">{t('funds.region')}</span>
        <input name="region" list="seed-regions" value={region} required onInput={(event) => setRegion(event.currentTarget.value)} />
        <datalist id="seed-regions">
          {(regions.status === 'ready' ? regions.data : []).map((known) => (
            <option value={known}>{code('region', known)}</option>
          ))}
        </datalist>
      </label>
      <label class="control">
        <span class="control-label">{t('funds.from')}</span>
        <input type={period} name="from" value={from} required onInput={(event) => setFrom(event.currentTarget.value)} />
      </label>
      <label class="control">
        <span class="control-label">{t('funds.to')}</span>
        <input type={period} name="to" value={to} required onInput={(event) => setTo(event.currentTarget.value)} />
      </label>
      {children}
      <button type="submit" class="button" disabled={!valid || busy}>
        {submitLabel}
      </button>
    </form>
  );
};

/** Funds: what each fund paid in a region and period, by month (chart), by tier and category (table). */
export const FundsPage = () => {
  const { client, query, navigate } = useConsole();
  const { t, code } = useText();
  const region = query.get('region') ?? '';
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const ready = region !== '' && isMonth(from) && isMonth(to);
  const funds = useAsync((signal) => (ready ? client.funds({ region, from, to }, signal) : Promise.resolve(null)), [region, from, to]);
  return (
    <div class="page" data-page="funds">
      <div class="page-title">
        <h1>{t('funds.title')}</h1>
        {ready ? <span class="muted">{code('region', region)} · {from} – {to}</span> : null}
      </div>
      <Section title={t('funds.title')}>
        <RegionPeriodForm initial={{ region, from, to }} period="month" submitLabel={t('funds.show')} onSubmit={(value) => navigate({ page: 'funds' }, value)} />
      </Section>
      {ready ? (
        <Async state={funds} isEmpty={(report) => report === null || report.rows.length === 0} emptyMessage={t('funds.empty')}>
          {(report) => (
            <>
              {report?.truncated ? <p class="notice notice-error" role="alert">{t('funds.truncated')}</p> : null}
              <FundsReport rows={report?.rows ?? []} period={{ from, to }} />
            </>
          )}
        </Async>
      ) : (
        <p class="notice notice-empty">{t('funds.prompt')}</p>
      )}
    </div>
  );
};

const FundsReport = ({ rows, period }: { readonly rows: readonly FundRow[]; readonly period: { readonly from: string; readonly to: string } }) => {
  const { t } = useText();
  const pivot = useMemo(() => pivotFunds(rows, CATEGORIES, period), [rows, period.from, period.to]);
  return (
    <>
      <Section title={t('funds.byMonth')} id="by-month">
        <FundsChart months={pivot.months} byMonth={pivot.byMonth} />
        <div class="table-wrap">
          <table class="table compact" data-testid="funds-by-month">
            <thead>
              <tr>
                <th>{t('funds.month')}</th>
                <th class="num">{t('funds.settled')}</th>
                <th class="num">{t('funds.reassessed')}</th>
                <th class="num">{t('funds.total')}</th>
              </tr>
            </thead>
            <tbody>
              {pivot.monthTotals.map(({ month, totals }) => (
                <tr>
                  <td>{month}</td>
                  <AmountCells totals={totals} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <Section title={t('funds.byTierCategory')} id="by-tier">
        <div class="table-wrap">
          <table class="table" data-testid="funds-by-tier">
            <thead>
              <tr>
                <th>{t('funds.tier')}</th>
                <th>{t('identity.category')}</th>
                <th class="num">{t('funds.count')}</th>
                <th class="num">{t('funds.settled')}</th>
                <th class="num">{t('funds.reassessed')}</th>
                <th class="num">{t('funds.total')}</th>
              </tr>
            </thead>
            <tbody>
              {pivot.byTierCategory.map(({ tier, category, totals }) => (
                <tr data-tier={tier}>
                  <td>{t(`tier.${tier}`)}</td>
                  <td>{category === null ? <span class="muted">{t('funds.noCategory')}</span> : <CategoryLabel code={category} />}</td>
                  <td class="num">{totals.count}</td>
                  <AmountCells totals={totals} />
                </tr>
              ))}
              {pivot.byTier.map(({ tier, totals }) => (
                <tr class="subtotal-row" data-tier={tier}>
                  <td colSpan={2}>
                    {t(`tier.${tier}`)} · {t('tier.total')}
                  </td>
                  <td class="num">{totals.count}</td>
                  <AmountCells totals={totals} />
                </tr>
              ))}
              <tr class="total-row">
                <td colSpan={3}>{t('tier.total')}</td>
                <td class="num">
                  <Money value={pivot.grand.settled} />
                </td>
                <td class="num">
                  <Money value={pivot.grand.reassessed} signed />
                </td>
                <td class="num" data-testid="funds-grand-total">
                  <Money value={pivot.grand.total} />
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      </Section>
    </>
  );
};

/** Settled, reassessed and total amounts of one row: the same three cells on detail and subtotal rows. */
const AmountCells = ({ totals }: { totals: Pick<FundTotals, 'settled' | 'reassessed' | 'total'> }) => (
  <>
    <td class="num">
      <Money value={totals.settled} />
    </td>
    <td class="num">
      <Money value={totals.reassessed} signed />
    </td>
    <td class="num">
      <Money value={totals.total} />
    </td>
  </>
);
