import { TIERS } from '../api/types';
import type { AlertView, PersonView, TimelineView } from '../api/person-types';
import type { UsageView } from '../api/usage-types';
import { mayRead } from '../auth/access';
import { Async, ErrorMessage, Loading, useAsync } from '../components/async';
import { IdentityStrip } from '../components/identity-strip';
import { CategoryLabel, Field, Link, Money, Section } from '../components/labels';
import { TimeControls } from '../components/time-controls';
import { useConsole, useText } from '../context';
import { formatInstant, localToday } from '../model/time';
import { Enrollments, EnrollmentsAsAt } from './person-enrollments';

/**
 * Person: who the person is to the ledger (region, scheme), the identity timeline in both times,
 * enrollments and subsidies per year, the claims of every enrolled year and the alerts. asOf and
 * asAt come from the URL; asAt applies to every section: the timeline, enrollments and subsidies,
 * claims and alerts answer with what the ledger had recorded by then (issue 14). Only the person's
 * region and scheme are shown as they are now.
 */
export const PersonPage = ({ personId }: { readonly personId: string }) => {
  const { client, query, navigate, roles } = useConsole();
  const { t } = useText();
  const asOf = query.get('asOf');
  const asAt = query.get('asAt');
  const today = localToday();
  // The sections other than the person's own record are inspectors' reads (a registrar gets 403 on
  // each): the page leaves them out and says so once, instead of four refusals each with a Retry.
  const inspects = mayRead(roles, 'timeline');
  const person = useAsync((signal) => client.person(personId, signal), [personId]);
  const timeline = useAsync(
    (signal) => (inspects ? client.timeline(personId, { asOf: asOf ?? today, asAt }, signal) : Promise.resolve(null)),
    [personId, asOf, asAt, inspects],
  );

  return (
    <div class="page" data-page="person">
      <div class="page-title">
        <h1>{t('person.title', { id: personId })}</h1>
        {person.status === 'ready' ? <PersonFacts person={person.data} /> : null}
      </div>
      {inspects ? <TimeControls asOf={asOf} asAt={asAt} onChange={(next) => navigate({ page: 'person', personId }, next)} /> : null}
      {person.status === 'error' ? <ErrorMessage error={person.error} onRetry={person.reload} /> : null}
      {/* An unknown person is said once, not once per section. */}
      {person.status === 'error' || !inspects ? null : (
        <Section title={t('person.timeline')} hint={t('person.timelineHint')} id="timeline">
          <Async state={timeline}>{(view) => (view === null ? null : <Timeline view={view} today={today} />)}</Async>
        </Section>
      )}
      {person.status === 'loading' ? <Loading /> : null}
      {person.status === 'ready' && !inspects ? (
        <>
          <Section title={t('person.enrollments')} id="enrollments">
            <Enrollments person={person.data} />
          </Section>
          <p class="notice notice-empty" data-testid="inspectors-only">
            {t('person.inspectorsOnly')}
          </p>
        </>
      ) : null}
      {person.status === 'ready' && inspects ? (
        <>
          <Section title={t('person.enrollments')} id="enrollments">
            {asAt === null ? <Enrollments person={person.data} /> : <EnrollmentsAsAt personId={personId} asAt={asAt} />}
          </Section>
          <Section title={t('person.claims')} id="claims">
            {person.data.enrollments.length === 0 ? (
              <p class="notice notice-empty" data-state="empty">{t('usage.noClaims')}</p>
            ) : (
              [...person.data.enrollments].reverse().map((enrollment) => <YearClaims personId={personId} year={enrollment.year} asAt={asAt} />)
            )}
          </Section>
          <Section title={t('person.alerts')} id="alerts">
            <Alerts personId={personId} asAt={asAt} />
          </Section>
        </>
      ) : null}
    </div>
  );
};

const PersonFacts = ({ person }: { readonly person: PersonView }) => {
  const { t, code } = useText();
  return (
    <dl class="facts">
      <Field label={t('person.region')}>
        {code('region', person.region)} <code>{person.region}</code>
      </Field>
      <Field label={t('person.scheme')}>{code('scheme', person.scheme)}</Field>
    </dl>
  );
};

const Timeline = ({ view, today }: { readonly view: TimelineView; readonly today: string }) => {
  const { t, code } = useText();
  if (view.entries.length === 0) {
    return (
      <p class="notice notice-empty" data-state="empty">
        {view.asAt ? t('person.notRecordedYet') : t('state.empty')}
      </p>
    );
  }
  return (
    <>
      <div class="held" data-testid="held-on">
        <strong>{t('person.heldOn', { date: view.asOf ?? today })}{t('punct.colon')}</strong>
        {view.heldOn && view.heldOn.length > 0 ? (
          view.heldOn.map((category) => (
            <span class="chip">
              <CategoryLabel code={category} />
            </span>
          ))
        ) : (
          <span class="muted">{t('person.heldNone')}</span>
        )}
      </div>
      <IdentityStrip intervals={view.intervals} entries={view.entries} asOf={view.asOf} today={today} />
      <h3>{t('person.changes')}</h3>
      <div class="table-wrap">
        <table class="table" data-testid="identity-changes">
          <thead>
            <tr>
              <th>{t('identity.change')}</th>
              <th>{t('identity.category')}</th>
              <th>{t('identity.validity')}</th>
              <th>{t('identity.recordedOn')}</th>
              <th>{t('identity.recordedAt')}</th>
              <th>{t('identity.source')}</th>
            </tr>
          </thead>
          <tbody>
            {view.entries.map((entry) => (
              <tr data-category={entry.category} class={entry.retroactive ? 'retroactive' : ''}>
                <td>
                  {entry.change === 'recognized' ? t('identity.recognized') : t('identity.revoked')}
                  {entry.retroactive ? <span class="badge badge-warn" title={t('person.timelineHint')}>{t('identity.retroactive')}</span> : null}
                </td>
                <td>
                  <CategoryLabel code={entry.category} />
                </td>
                <td class="nowrap">
                  {entry.change === 'recognized' ? `${entry.validFrom ?? '?'} – ${entry.validTo ?? t('identity.open')}` : `– ${entry.validTo ?? '?'}`}
                  {entry.reason ? <div class="muted">{entry.reason}</div> : null}
                </td>
                <td class="nowrap">{entry.recordedOn}</td>
                <td class="nowrap">{formatInstant(entry.stamp.recordedAt)}</td>
                <td>
                  {code('department', entry.source.department)} · {entry.source.document}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
};

const YearClaims = ({ personId, year, asAt }: { readonly personId: string; readonly year: number; readonly asAt: string | null }) => {
  const { client } = useConsole();
  const { t } = useText();
  const usage = useAsync((signal) => client.usage(personId, year, asAt, signal), [personId, year, asAt]);
  return (
    <div class="year-block" data-year={year}>
      <h3>
        <Link route={{ page: 'usage', personId, year }} query={{ asAt }}>
          {t('person.usageLink', { year })} →
        </Link>
      </h3>
      <Async state={usage} isEmpty={(view) => view.claims.length === 0} emptyMessage={t('usage.noClaims')}>
        {(view) => <ClaimsTable usage={view} asAt={asAt} />}
      </Async>
    </div>
  );
};

export const ClaimsTable = ({ usage, asAt, running = false }: { readonly usage: UsageView; readonly asAt: string | null; readonly running?: boolean }) => {
  const { t } = useText();
  return (
    <div class="table-wrap">
      <table class="table" data-testid="claims">
        <thead>
          <tr>
            <th>{t('claim.sequence')}</th>
            <th>{t('claim.id')}</th>
            <th>{t('claim.referenceDate')}</th>
            <th>{t('claim.applied')}</th>
            {TIERS.map((tier) => (
              <th class="num">{t(`tier.${tier}`)}</th>
            ))}
            <th class="num">{t('claim.outOfPocket')}</th>
            {running ? <th class="num">{t('usage.runningPaid')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {usage.claims.map((claim) => (
            <tr data-claim={claim.claimId}>
              <td>{claim.sequence}</td>
              <td>
                <Link route={{ page: 'claim', claimId: claim.claimId }} query={{ asAt }}>
                  {claim.claimId}
                </Link>
                {claim.reassessments > 0 ? <span class="badge">{t('claim.reassessed', { count: claim.reassessments })}</span> : null}
              </td>
              <td class="nowrap">{claim.referenceDate}</td>
              <td>
                <CategoryLabel code={claim.appliedCategory} />
              </td>
              {TIERS.map((tier) => (
                <td class="num" data-tier={tier}>
                  <Money value={claim.payouts[tier]} />
                </td>
              ))}
              <td class="num">
                <Money value={claim.outOfPocket} />
              </td>
              {running ? (
                <td class="num small">
                  {TIERS.map((tier) => (
                    <div>
                      {t(`tier.${tier}`)} <Money value={claim.runningPaid[tier]} />
                    </div>
                  ))}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

const Alerts = ({ personId, year, asAt = null }: { readonly personId: string; readonly year?: number; readonly asAt?: string | null }) => {
  const { client } = useConsole();
  const { t } = useText();
  const alerts = useAsync((signal) => client.alerts(personId, asAt, signal), [personId, asAt]);
  const shown = (list: AlertView[]): AlertView[] => (year === undefined ? list : list.filter((alert) => alert.year === year));
  return (
    <Async state={alerts} isEmpty={(list) => shown(list).length === 0} emptyMessage={t('alert.none')}>
      {(list) => <AlertsTable alerts={shown(list)} />}
    </Async>
  );
};

export const AlertsTable = ({ alerts }: { readonly alerts: readonly AlertView[] }) => {
  const { t } = useText();
  return (
    <div class="table-wrap">
      <table class="table" data-testid="alerts">
        <thead>
          <tr>
            <th>{t('usage.year')}</th>
            <th>{t('alert.rule')}</th>
            <th class="num">{t('alert.threshold')}</th>
            <th class="num">{t('alert.burden')}</th>
            <th>{t('alert.history')}</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => (
            <tr class={alert.open ? 'alert-open' : ''}>
              <td>{alert.year}</td>
              <td>
                <span class={`badge ${alert.open ? 'badge-danger' : ''}`}>{alert.open ? t('alert.open') : t('alert.withdrawn')}</span> {alert.ruleName}{' '}
                <code>{alert.rule}</code>
              </td>
              <td class="num">
                <Money value={alert.threshold} />
              </td>
              <td class="num">
                <Money value={alert.burden} />
              </td>
              <td class="small">
                {alert.history.map((change) => (
                  <div>
                    {formatInstant(change.stamp.recordedAt)} {change.change === 'raised' ? t('alert.raised') : t('alert.withdrawn')} (<Money value={change.burden} />,{' '}
                    {change.claimId})
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

export { Alerts };
