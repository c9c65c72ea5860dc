import type { ClaimView, Payouts, Reassessment, RenderedStep } from '../api/types';
import { TIERS } from '../api/types';
import { Async, useAsync } from '../components/async';
import { CategoryLabel, Field, Link, Money, Section } from '../components/labels';
import { TimeControls } from '../components/time-controls';
import { useConsole, useText } from '../context';
import { subtractAmount } from '../model/money';
import { formatInstant } from '../model/time';
import { accumulatorRows, categoryReason, readableSteps, totalOf } from '../model/trace';

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

const PayoutsTable = ({ columns, testId }: { readonly columns: ReadonlyArray<{ readonly title: string; readonly payouts: Payouts; readonly outOfPocket: string; readonly signed?: boolean }>; readonly testId?: string }) => {
  const { t } = useText();
  return (
    <table class="table compact" {...(testId ? { 'data-testid': testId } : {})}>
      <thead>
        <tr>
          <th />
          {columns.map((column) => (
            <th class="num">{column.title}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {TIERS.map((tier) => (
          <tr data-tier={tier}>
            <th scope="row">{t(`tier.${tier}`)}</th>
            {columns.map((column) => (
              <td class="num">
                <Money value={column.payouts[tier]} signed={column.signed ?? false} />
              </td>
            ))}
          </tr>
        ))}
        <tr class="total-row">
          <th scope="row">{t('tier.total')}</th>
          {columns.map((column) => (
            <td class="num">
              <Money value={totalOf(column.payouts)} signed={column.signed ?? false} />
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row">{t('claim.outOfPocket')}</th>
          {columns.map((column) => (
            <td class="num">
              <Money value={column.outOfPocket} signed={column.signed ?? false} />
            </td>
          ))}
        </tr>
      </tbody>
    </table>
  );
};

export const TraceList = ({ steps: rendered, testId }: { readonly steps: readonly RenderedStep[]; readonly testId?: string }) => {
  const { t } = useText();
  const steps = readableSteps(rendered);
  return (
    <ol class="trace" {...(testId ? { 'data-testid': testId } : {})}>
      {steps.map((step) => (
        <li class="trace-step" data-step={step.step.split('.')[0]} data-key={step.step}>
          <div class="trace-head">
            <span class="trace-index">{step.index}</span>
            <strong>{step.title}</strong>
            {step.clause ? (
              <span class={`clause${step.assumed ? ' assumed' : ''}`} title={t('claim.clause')}>
                {step.assumed ? `${t('claim.assumed')} · ` : ''}
                {step.clause}
              </span>
            ) : null}
          </div>
          <p class="trace-text">{step.explanation}</p>
          {step.values.length > 0 ? (
            <dl class="trace-values">
              {step.values.map((value) => (
                <div data-key={value.key} class={`${value.text.length > 26 ? 'wide' : ''}${value.assumed ? ' assumed' : ''}`} title={value.source ?? undefined}>
                  <dt>
                    {value.label}
                    {value.assumed ? <span class="badge badge-warn">{t('claim.assumed')}</span> : null}
                  </dt>
                  <dd>{value.text}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </li>
      ))}
    </ol>
  );
};

const AccumulatorTable = ({ before, after }: { readonly before: Parameters<typeof accumulatorRows>[0]; readonly after: Parameters<typeof accumulatorRows>[1] }) => {
  const { t } = useText();
  return (
    <div class="table-wrap">
      <table class="table compact">
        <tbody>
          {accumulatorRows(before, after).map((row) => (
            <tr class={row.changed ? 'changed' : ''}>
              <th scope="row">{t(row.key as Parameters<typeof t>[0])}</th>
              <td class="num">
                <Money value={row.before} />
              </td>
              <td class="arrow">→</td>
              <td class="num">
                <Money value={row.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

const ReassessmentCard = ({ entry, steps }: { readonly entry: Reassessment; readonly steps: readonly RenderedStep[] }) => {
  const { t } = useText();
  const total = totalOf(entry.delta);
  return (
    <article class="reassessment" data-testid="reassessment" data-correction={entry.correctionId}>
      <header>
        <strong>{t('claim.correction')}</strong> <code>{entry.correctionId}</code>
        {entry.stamp ? <span class="muted"> · {t('claim.recordedAt', { at: formatInstant(entry.stamp.recordedAt) })}</span> : null}
        {total.startsWith('-') ? <span class={`badge ${entry.recoveryDue ? 'badge-danger' : ''}`}>{entry.recoveryDue ? t('claim.recoveryDue') : t('claim.recoveryWaived')}</span> : null}
      </header>
      <p>
        <strong>{t('claim.reason')}{t('punct.colon')}</strong>
        {entry.reason}
      </p>
      <p>
        <strong>{t('claim.applied')}{t('punct.colon')}</strong>
        <CategoryLabel code={entry.appliedCategory} /> · {entry.policy.region} {entry.policy.revision}
      </p>
      <PayoutsTable
        columns={[
          { title: t('claim.previous'), payouts: entry.previous.payouts, outOfPocket: entry.previous.outOfPocket },
          { title: t('claim.next'), payouts: entry.next.payouts, outOfPocket: entry.next.outOfPocket },
          { title: t('claim.delta'), payouts: entry.delta, outOfPocket: subtractAmount(entry.next.outOfPocket, entry.previous.outOfPocket), signed: true },
        ]}
      />
      <details>
        <summary>{t('claim.showTrace')}</summary>
        <TraceList steps={steps} />
      </details>
    </article>
  );
};
