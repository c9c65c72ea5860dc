import { useEffect, useRef, useState } from 'preact/hooks';
import { TIERS } from '../api/types';
import type { SimulationJob, SimulationReport } from '../api/report-types';
import { ErrorMessage } from '../components/async';
import { ComparisonChart } from '../components/charts';
import { Link, Money, Section, Stat } from '../components/labels';
import { useConsole, useText } from '../context';
import { categorySeries, changesNothing, percentDone, tierSeries } from '../model/simulation';

/** How often a running simulation is asked for its progress. */
const POLL_INTERVAL_MS = 500;
const YEAR = /^\d{4}$/;

type RunState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly job: SimulationJob | null }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'finished'; readonly job: SimulationJob };

/**
 * Policy impact simulation (测算): a draft pack, pasted or loaded from a file, is replayed by the
 * service over the recorded claims of a region's year (POST /simulations), and the page shows what
 * it would cost against what is paid. Nothing is appended; the page can cancel a running simulation.
 */
export const SimulationPage = () => {
  const { client, query } = useConsole();
  const { t } = useText();
  const [region, setRegion] = useState(query.get('region') ?? '');
  const [year, setYear] = useState(query.get('year') ?? '');
  const [againstYear, setAgainstYear] = useState('');
  const [pack, setPack] = useState('');
  const [state, setState] = useState<RunState>({ status: 'idle' });
  const polling = useRef<{ id: string; cancelled: boolean } | null>(null);

  useEffect(() => () => polling.current && (polling.current.cancelled = true), []);

  const follow = async (id: string): Promise<void> => {
    const mine = { id, cancelled: false };
    if (polling.current) polling.current.cancelled = true;
    polling.current = mine;
    for (;;) {
      const job = await client.simulation(id);
      if (mine.cancelled) return;
      if (job.status !== 'running') return setState({ status: 'finished', job });
      setState({ status: 'running', job });
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  };

  const valid = region.trim() !== '' && YEAR.test(year) && (againstYear === '' || YEAR.test(againstYear)) && pack.trim() !== '';
  const run = (): void => {
    setState({ status: 'running', job: null });
    const input = { pack, region: region.trim(), year: Number(year), ...(againstYear === '' ? {} : { againstYear: Number(againstYear) }) };
    client
      .startSimulation(input)
      .then((job) => follow(job.id))
      .catch((error: unknown) => setState({ status: 'error', error }));
  };
  const cancel = (): void => {
    if (state.status === 'running' && state.job) void client.cancelSimulation(state.job.id);
  };

  return (
    <div class="page" data-page="simulation">
      <div class="page-title">
        <h1>{t('simulation.title')}</h1>
      </div>
      <Section title={t('simulation.title')} hint={t('simulation.intro')}>
        <form
          class="form-row"
          onSubmit={(event) => {
            event.preventDefault();
            if (valid) run();
          }}
        >
          <label class="control">
            <span class="control-label">{t('funds.region')}</span>
            <input name="region" value={region} required onInput={(event) => setRegion(event.currentTarget.value)} />
          </label>
          <label class="control">
            <span class="control-label">{t('simulation.year')}</span>
            <input name="year" inputMode="numeric" value={year} required onInput={(event) => setYear(event.currentTarget.value)} />
          </label>
          <label class="control">
            <span class="control-label">{t('simulation.againstYear')}</span>
            <input name="againstYear" inputMode="numeric" value={againstYear} onInput={(event) => setAgainstYear(event.currentTarget.value)} />
          </label>
          <label class="control grow">
            <span class="control-label">{t('simulation.packFile')}</span>
            <input type="file" name="packFile" accept=".yaml,.yml,.json" onChange={(event) => void event.currentTarget.files?.[0]?.text().then(setPack)} />
          </label>
          <label class="control grow">
            <span class="control-label">{t('simulation.pack')}</span>
            <textarea name="pack" rows={8} spellcheck={false} value={pack} onInput={(event) => setPack(event.currentTarget.value)} />
          </label>
          <button type="submit" disabled={!valid || state.status === 'running'}>
            {state.status === 'running' ? t('simulation.running') : t('simulation.run')}
          </button>
        </form>
      </Section>
      {state.status === 'running' ? <Progress job={state.job} onCancel={cancel} /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} /> : null}
      {state.status === 'finished' ? <Finished job={state.job} /> : null}
    </div>
  );
};

const Progress = ({ job, onCancel }: { readonly job: SimulationJob | null; readonly onCancel: () => void }) => {
  const { t } = useText();
  const percent = job ? percentDone(job.progress) : 0;
  return (
    <div class="notice notice-info" data-state="loading" data-testid="simulation-progress">
      <progress max={100} value={percent} /> {t('simulation.progress', { percent })}{' '}
      <button type="button" onClick={onCancel} disabled={!job}>
        {t('simulation.cancel')}
      </button>
    </div>
  );
};

const Finished = ({ job }: { readonly job: SimulationJob }) => {
  const { t } = useText();
  if (job.status === 'cancelled') return <p class="notice notice-empty">{t('simulation.cancelled')}</p>;
  if (job.status === 'failed' || !job.report) {
    return (
      <div class="notice notice-error" role="alert" data-state="error">
        {job.error ? `${job.error.code}: ${job.error.message}` : t('simulation.failed')}
      </div>
    );
  }
  return <Report report={job.report} />;
};

const Report = ({ report }: { readonly report: SimulationReport }) => {
  const { t, category } = useText();
  return (
    <Section title={t('simulation.report')} id="report">
      <p class="notice notice-info" data-testid="simulation-note">
        {t('simulation.note', { region: report.region, year: report.year, revision: report.draft.revision, position: report.position })}
      </p>
      {changesNothing(report.totals) ? <p class="notice notice-empty">{t('simulation.noChange')}</p> : null}
      <div class="stats">
        <Stat label={t('corrections.personYears')} value={report.personYears} />
        <Stat label={t('corrections.claims')} value={report.claims} />
        <Stat label={t('simulation.changedPersons')} value={report.changed.persons} />
        <Stat label={t('simulation.changedClaims')} value={report.changed.claims} />
        <Stat label={t('simulation.alertsNow')} value={report.earlyWarning.actual} />
        <Stat label={t('simulation.alertsDraft')} value={report.earlyWarning.draft} />
      </div>
      <table class="table compact" data-testid="simulation-totals">
        <thead>
          <tr>
            <th />
            <th class="num">{t('simulation.actual')}</th>
            <th class="num">{t('simulation.draft')}</th>
            <th class="num">{t('simulation.difference')}</th>
          </tr>
        </thead>
        <tbody>
          {[...TIERS, 'total' as const].map((tier) => (
            <tr data-tier={tier} class={tier === 'total' ? 'total-row' : ''}>
              <th scope="row">{t(`tier.${tier}`)}</th>
              <td class="num"><Money value={report.totals.actual[tier]} /></td>
              <td class="num"><Money value={report.totals.draft[tier]} /></td>
              <td class="num"><Money value={report.totals.difference[tier]} signed /></td>
            </tr>
          ))}
          <tr data-tier="subsidy">
            <th scope="row">{t('tier.subsidy')}</th>
            <td class="num"><Money value={report.subsidies.actual} /></td>
            <td class="num"><Money value={report.subsidies.draft} /></td>
            <td class="num"><Money value={report.subsidies.difference} signed /></td>
          </tr>
        </tbody>
      </table>
      <h3>{t('simulation.byTier')}</h3>
      <ComparisonChart testId="simulation-tier-chart" label={t('simulation.byTier')} series={tierSeries(report, (tier) => t(`tier.${tier}`))} />
      <h3>{t('simulation.byCategory')}</h3>
      <ComparisonChart testId="simulation-category-chart" label={t('simulation.byCategory')} series={categorySeries(report, (code) => (code === null ? t('simulation.noCategory') : category(code)))} />
      <h3>{t('simulation.largest')}</h3>
      <table class="table" data-testid="simulation-changes">
        <thead>
          <tr>
            <th>{t('claim.person')}</th>
            <th class="num">{t('simulation.actual')}</th>
            <th class="num">{t('simulation.draft')}</th>
            <th class="num">{t('simulation.difference')}</th>
          </tr>
        </thead>
        <tbody>
          {report.largestChanges.map((change) => (
            <tr>
              <td><Link route={{ page: 'person', personId: change.personId }}>{change.personId}</Link></td>
              <td class="num"><Money value={change.actual} /></td>
              <td class="num"><Money value={change.draft} /></td>
              <td class="num"><Money value={change.difference} signed /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
};
