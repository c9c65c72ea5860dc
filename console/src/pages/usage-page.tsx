import { useMemo } from 'preact/hooks';
import { TIERS } from '../api/types';
import type { UsageView } from '../api/usage-types';
import { Async, useAsync } from '../components/async';
import { TierChart } from '../components/charts';
import { CategoryLabel, Field, Link, Money, Section } from '../components/labels';
import { TimeControls } from '../components/time-controls';
import { useConsole, useText } from '../context';
import { remainingOf, tierSeries } from '../model/usage-series';
import { formatInstant } from '../model/time';
import { Alerts, ClaimsTable } from './person-page';

/**
 * Person-year usage: per tier, cumulative paid over the year against the cap and the threshold
 * consumed, what is left, the burden that early warning compares, the claims in recorded order, and
 * the year's alerts. asAt shows the year as the ledger knew it then.
 */
export const UsagePage = ({ personId, year }: { readonly personId: string; readonly year: number }) => {
  const { client, query, navigate } = useConsole();
  const { t } = useText();
  const asAt = query.get('asAt');
  const usage = useAsync((signal) => client.usage(personId, year, asAt, signal), [personId, year, asAt]);
  return (
    <div class="page" data-page="usage">
      <div class="page-title">
        <h1>{t('usage.title', { id: personId, year })}</h1>
        <Link route={{ page: 'person', personId }} query={{ asAt }}>
          ← {t('person.title', { id: personId })}
        </Link>
      </div>
      <TimeControls asOf={null} asAt={asAt} showAsOf={false} onChange={(next) => navigate({ page: 'usage', personId, year }, { asAt: next.asAt })} />
      <Async state={usage} isEmpty={(view) => view.claims.length === 0} emptyMessage={t('usage.noClaims')}>
        {(view) => <UsageBody usage={view} asAt={asAt} />}
      </Async>
      <Section title={t('person.alerts')} id="alerts">
        <Alerts personId={personId} year={year} asAt={asAt} />
      </Section>
    </div>
  );
};

const UsageBody = ({ usage, asAt }: { readonly usage: UsageView; readonly asAt: string | null }) => {
  const { t } = useText();
  const series = useMemo(() => TIERS.map((tier) => tierSeries(usage, tier)), [usage]);
  return (
    <>
      <Section title={t('usage.tierTable')} id="tiers">
        <dl class="facts">
          <Field label={t('claim.applied')}>
            <CategoryLabel code={usage.appliedCategory} />
          </Field>
          <Field label={t('claim.policy')}>{usage.policy ? `${usage.policy.region} ${usage.policy.revision}` : '—'}</Field>
          <Field label={t('usage.burdenTotal')}>
            <Money value={usage.burden.total} />
          </Field>
          <Field label={t('usage.burdenPolicyScope')}>
            <Money value={usage.burden.policyScope} />
          </Field>
          {usage.lastChange ? <Field label={t('identity.recordedAt')}>{formatInstant(usage.lastChange.recordedAt)}</Field> : null}
        </dl>
        <div class="table-wrap">
          <table class="table" data-testid="tier-usage">
            <thead>
              <tr>
                <th />
                <th class="num">{t('usage.paid')}</th>
                <th class="num">{t('usage.cap')}</th>
                <th class="num">{t('usage.remaining')}</th>
                <th class="num">{t('usage.threshold')}</th>
                <th class="num">{t('usage.thresholdConsumed')}</th>
                <th class="num">{t('usage.base')}</th>
              </tr>
            </thead>
            <tbody>
              {TIERS.map((tier) => {
                const row = usage.tiers[tier];
                const remaining = remainingOf(row);
                return (
                  <tr data-tier={tier}>
                    <th scope="row">{t(`tier.${tier}`)}</th>
                    <td class="num" data-field="paid">
                      <Money value={row.paid} />
                    </td>
                    <td class="num">{row.cap === 'unlimited' ? t('usage.unlimited') : <Money value={row.cap} />}</td>
                    <td class="num" data-field="remaining">
                      {remaining === 'unlimited' ? t('usage.unlimited') : <Money value={remaining} />}
                    </td>
                    <td class="num">
                      <Money value={row.threshold} />
                    </td>
                    <td class="num">
                      <Money value={row.thresholdConsumed} />
                    </td>
                    <td class="num">
                      <Money value={row.base} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Section>
      <Section title={t('usage.chart')} hint={t('usage.chartHint')} id="chart">
        <div class="chart-grid">
          {series.map((one) => (
            <TierChart series={one} year={usage.year} />
          ))}
        </div>
      </Section>
      <Section title={t('person.claims')} id="claims">
        <ClaimsTable usage={usage} asAt={asAt} running />
      </Section>
    </>
  );
};
