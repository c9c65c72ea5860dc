import { useRef, useState } from 'preact/hooks';
import { TIERS } from '../api/types';
import type { ReassessmentReport } from '../api/report-types';
import { ErrorMessage, Loading } from '../components/async';
import { Link, Money, Section, Stat } from '../components/labels';
import { useConsole, useText } from '../context';
import { RegionPeriodForm } from './funds-page';

type RunState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'done'; readonly report: ReassessmentReport };

/**
 * Corrections: a dry-run reassessment of a region and period (POST /reassessments with dryRun:
 * true) and its impact report. The console never runs a real reassessment: correcting is an
 * operator's command with its own review, inspecting is not.
 */
export const CorrectionsPage = () => {
  const { client, query } = useConsole();
  const { t } = useText();
  const [reason, setReason] = useState(t('corrections.reasonDefault'));
  const [state, setState] = useState<RunState>({ status: 'idle' });
  const inFlight = useRef<AbortController | null>(null);

  const run = (scope: { readonly region: string; readonly from: string; readonly to: string }): void => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setState({ status: 'running' });
    client.dryRunReassessment(scope, reason.trim() || t('corrections.reasonDefault'), controller.signal).then(
      (report) => !controller.signal.aborted && setState({ status: 'done', report }),
      (error: unknown) => !controller.signal.aborted && setState({ status: 'error', error }),
    );
  };

  return (
    <div class="page" data-page="corrections">
      <div class="page-title">
        <h1>{t('corrections.title')}</h1>
      </div>
      <Section title={t('corrections.title')} hint={t('corrections.intro')}>
        <RegionPeriodForm
          initial={{ region: query.get('region') ?? '', from: query.get('from') ?? '', to: query.get('to') ?? '' }}
          period="date"
          submitLabel={state.status === 'running' ? t('corrections.running') : t('corrections.run')}
          busy={state.status === 'running'}
          onSubmit={run}
        >
          <label class="control grow">
            <span class="control-label">{t('corrections.reason')}</span>
            <input name="reason" value={reason} maxLength={500} onInput={(event) => setReason(event.currentTarget.value)} />
          </label>
        </RegionPeriodForm>
      </Section>
      {state.status === 'running' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} /> : null}
      {state.status === 'done' ? <ImpactReport report={state.report} /> : null}
    </div>
  );
};

const ImpactReport = ({ report }: { readonly report: ReassessmentReport }) => {
  const { t } = useText();
  return (
    <Section title={t('corrections.report')} id="report">
      <p class="notice notice-info" data-testid="dry-run-note">
        {t('corrections.dryRunNote', { id: report.correctionId })}
      </p>
      <div class="stats">
        <Stat label={t('corrections.personYears')} value={report.personYears} />
        <Stat label={t('corrections.personYearsAffected')} value={report.personYearsAffected} />
        <Stat label={t('corrections.claims')} value={report.claims} />
        <Stat label={t('corrections.claimsAffected')} value={report.claimsAffected} />
      </div>
      <h3>{t('corrections.delta')}</h3>
      <table class="table compact" data-testid="impact-delta">
        <tbody>
          {TIERS.map((tier) => (
            <tr data-tier={tier}>
              <th scope="row">{t(`tier.${tier}`)}</th>
              <td class="num">
                <Money value={report.delta[tier]} signed />
              </td>
            </tr>
          ))}
          <tr class="total-row">
            <th scope="row">{t('corrections.totalDelta')}</th>
            <td class="num">
              <Money value={report.delta.total} signed />
            </td>
          </tr>
        </tbody>
      </table>
      <h3>{t('corrections.largest')}</h3>
      {report.largestChanges.length === 0 ? (
        <p class="notice notice-empty" data-state="empty">
          {t('corrections.noChange')}
        </p>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="impact-changes">
            <thead>
              <tr>
                <th>{t('claim.id')}</th>
                <th>{t('claim.person')}</th>
                <th>{t('claim.year')}</th>
                {TIERS.map((tier) => (
                  <th class="num">{t(`tier.${tier}`)}</th>
                ))}
                <th class="num">{t('corrections.totalDelta')}</th>
              </tr>
            </thead>
            <tbody>
              {report.largestChanges.map((change) => (
                <tr>
                  <td>
                    <Link route={{ page: 'claim', claimId: change.claimId }}>{change.claimId}</Link>
                  </td>
                  <td>
                    <Link route={{ page: 'person', personId: change.personId }}>{change.personId}</Link>
                  </td>
                  <td>{change.year}</td>
                  {TIERS.map((tier) => (
                    <td class="num">
                      <Money value={change.delta[tier]} signed />
                    </td>
                  ))}
                  <td class="num">
                    <Money value={change.totalDelta} signed />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
};
