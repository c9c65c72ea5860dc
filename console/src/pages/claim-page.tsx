import type { ClaimView, RenderedStep } from '../api/claim-types';
import { Async, useAsync } from '../components/async';
import { CategoryLabel, Field, Link, Money, Section } from '../components/labels';
import { TimeControls } from '../components/time-controls';
import { useConsole, useText } from '../context';
import { formatInstant } from '../model/time';
import { categoryReason } from '../model/trace';
import { PayoutsTable } from './claim-payouts';
import { ReassessmentCard } from './claim-reassessment';
import { AccumulatorTable, TraceList } from './claim-trace';

/**
 * Claim: the settlement as readable steps (base, threshold, ratio, cap before and after, rounding,
 * clause, category applied and why) and every reassessment with its per-tier deltas. With asAt, the
 * reassessments recorded later are set apart and the amounts shown are those in force at that moment.
 */
export const ClaimPage = ({ claimId }: { readonly claimId: string }) => {
  const { client, query, navigate } = useConsole();
  const { t, lang } = useText();
  const asAt = query.get('asAt');
  // The ledger renders the explanation in the console's language, so switching language fetches again.
  const claim = useAsync((signal) => client.claim(claimId, lang, signal), [claimId, lang]);
  return (
    <div class="page" data-page="claim">
      <div class="page-title">
        <h1>{t('claim.title', { id: claimId })}</h1>
      </div>
      <TimeControls asOf={null} asAt={asAt} showAsOf={false} onChange={(next) => navigate({ page: 'claim', claimId }, { asAt: next.asAt })} />
      <Async state={claim} isEmpty={(view) => view.settlement === null}>
        {(view) => <ClaimBody view={view} asAt={asAt} />}
      </Async>
    </div>
  );
};

const recordedBy = (asAt: string | null, recordedAt: string | undefined): boolean =>
  asAt === null || recordedAt === undefined || Date.parse(recordedAt) <= Date.parse(asAt);

const ClaimBody = ({ view, asAt }: { readonly view: ClaimView; readonly asAt: string | null }) => {
  const { t, code } = useText();
  const settlement = view.settlement!;
  if (!recordedBy(asAt, settlement.stamp?.recordedAt)) {
    return (
      <p class="notice notice-empty" data-state="empty">
        {t('time.viewingPast', { asAt: formatInstant(asAt ?? '') })} — {t('state.empty')}
      </p>
    );
  }
  const known = view.reassessments.filter((entry) => recordedBy(asAt, entry.stamp?.recordedAt));
  const later = view.reassessments.length - known.length;
  const last = known[known.length - 1];
  const inForce = last ? { payouts: last.next.payouts, outOfPocket: last.next.outOfPocket, appliedCategory: last.appliedCategory } : settlement;
  const explained = view.explanation;
  const stepsOf = (correctionId: string): readonly RenderedStep[] =>
    explained.reassessments.find((entry) => entry.correctionId === correctionId)?.explanation.steps ?? [];
  const why = categoryReason(last ? stepsOf(last.correctionId) : (explained.settlement?.steps ?? []));
  // A reassessment may apply a category recognised later: it records what was held then.
  const heldNow = last ? (last.heldCategories ?? settlement.heldCategories) : settlement.heldCategories;
  const claim = settlement.claim;
  return (
    <>
      <Section title={t('claim.payoutsNow')} id="summary">
        <dl class="facts">
          <Field label={t('claim.person')}>
            <Link route={{ page: 'person', personId: settlement.personId }} query={{ asAt }}>
              {settlement.personId}
            </Link>
          </Field>
          <Field label={t('claim.year')}>
            <Link route={{ page: 'usage', personId: settlement.personId, year: settlement.year }} query={{ asAt }}>
              {settlement.year}
            </Link>{' '}
            · {t('claim.sequence')} {settlement.sequence}
          </Field>
          <Field label={t('claim.kind')}>{code('kind', claim.kind)}</Field>
          <Field label={t('claim.dates')}>
            {claim.admissionDate} / {claim.dischargeDate}
          </Field>
          <Field label={t('claim.referenceDate')}>{settlement.referenceDate}</Field>
          {claim.hospitalLevel || claim.location ? (
            <Field label={t('claim.hospital')}>
              {claim.hospitalLevel ? code('level', claim.hospitalLevel) : '—'} / {claim.location ? code('location', claim.location) : '—'}
            </Field>
          ) : null}
          {claim.referred !== undefined ? (
            <Field label={`${t('claim.referred')} / ${t('claim.relocation')}`}>
              {claim.referred ? t('yes') : t('no')} / {claim.relocationFiled ? t('yes') : t('no')}
            </Field>
          ) : null}
          <Field label={t('claim.policy')}>
            {code('region', settlement.policy.region)} {settlement.policy.revision} <code title={settlement.policy.hash}>{settlement.policy.hash.slice(0, 12)}</code>
          </Field>
          {settlement.stamp ? <Field label={t('identity.recordedAt')}>{formatInstant(settlement.stamp.recordedAt)}</Field> : null}
        </dl>
        <div class="split">
          <div>
            <h3>{t('claim.costs')}</h3>
            <table class="table compact">
              <tbody>
                {(['total', 'outOfCatalog', 'categoryBSelfPay', 'overStandard', 'outOfAreaFirstSelfPay'] as const).map((key) => (
                  <tr>
                    <th scope="row">{t(`cost.${key}`)}</th>
                    <td class="num">
                      <Money value={claim.costs[key]} />
                    </td>
                  </tr>
                ))}
                <tr class="total-row">
                  <th scope="row">{t('claim.policyScope')}</th>
                  <td class="num">
                    <Money value={settlement.policyScope} />
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
          <div>
            <h3>
              {t('claim.payoutsNow')}
              {asAt ? <span class="badge badge-warn">asAt</span> : null}
            </h3>
            <PayoutsTable
              testId="payouts-now"
              columns={[
                { title: t('claim.payoutsFirst'), payouts: settlement.payouts, outOfPocket: settlement.outOfPocket },
                { title: t('claim.payoutsNow'), payouts: inForce.payouts, outOfPocket: inForce.outOfPocket },
              ]}
            />
          </div>
        </div>
      </Section>
      <Section title={t('claim.categories')} id="categories">
        <dl class="facts">
          <Field label={t('claim.held')}>
            <CategoryChips codes={heldNow} />
          </Field>
          {last ? (
            <Field label={t('claim.heldFirst')}>
              <CategoryChips codes={settlement.heldCategories} />
            </Field>
          ) : null}
          <Field label={t('claim.applied')}>
            <strong data-testid="applied-category">
              <CategoryLabel code={inForce.appliedCategory} />
            </strong>
          </Field>
        </dl>
        {why ? (
          <p class="why">
            <strong>{t('claim.why')}{t('punct.colon')}</strong>
            {why}
          </p>
        ) : null}
      </Section>
      <Section title={view.reassessments.length > 0 ? `${t('claim.trace')} · ${t('claim.payoutsFirst')}` : t('claim.trace')} hint={t('claim.traceHint')} id="trace">
        <TraceList steps={explained.settlement?.steps ?? []} testId="trace" />
        <h3>{t('claim.accumulators')}</h3>
        <AccumulatorTable before={settlement.accumulators.before} after={settlement.accumulators.after} />
      </Section>
      <Section title={t('claim.reassessments')} id="reassessments">
        {known.length === 0 ? (
          <p class="notice notice-empty" data-state="empty">
            {t('claim.noReassessments')}
          </p>
        ) : (
          known.map((entry) => <ReassessmentCard entry={entry} steps={stepsOf(entry.correctionId)} />)
        )}
        {later > 0 ? (
          <p class="notice notice-info" data-testid="hidden-reassessments">
            {t('time.viewingPast', { asAt: formatInstant(asAt ?? '') })} · +{later} {t('claim.reassessments')}
          </p>
        ) : null}
      </Section>
      {view.oneTimeAssistance.length > 0 ? (
        <Section title={t('claim.oneTime')} id="one-time">
          {view.oneTimeAssistance.map((grant) => (
            <p>
              {grant.applicationDate} · <Money value={grant.amount} /> · {grant.claimsCovered.join(', ')}
            </p>
          ))}
        </Section>
      ) : null}
    </>
  );
};

const CategoryChips = ({ codes }: { readonly codes: readonly string[] }) => {
  const { t } = useText();
  if (codes.length === 0) return <span class="muted">{t('claim.none')}</span>;
  return (
    <>
      {codes.map((code) => (
        <span class="chip">
          <CategoryLabel code={code} />
        </span>
      ))}
    </>
  );
};
