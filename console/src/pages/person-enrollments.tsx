import type { PersonView, SubsidyView } from '../api/person-types';
import { mayRead } from '../auth/access';
import { Async, useAsync } from '../components/async';
import { CategoryLabel, Money } from '../components/labels';
import { useConsole, useText } from '../context';
import { formatRatio } from '../model/money';

/**
 * The person page's enrollments and subsidies: now from the person's own record (one subsidy read per
 * year), or as at a recorded moment from the subsidy read model in one request (issue 14).
 */

export const Enrollments = ({ person }: { readonly person: PersonView }) => {
  const { t } = useText();
  if (person.enrollments.length === 0) return <p class="notice notice-empty" data-state="empty">{t('state.empty')}</p>;
  return (
    <div class="table-wrap">
      <table class="table" data-testid="enrollments">
        <EnrollmentHeadings />
        <tbody>
          {person.enrollments.map((enrollment) => (
            <EnrollmentRow personId={person.personId} enrollment={enrollment} />
          ))}
        </tbody>
      </table>
    </div>
  );
};

/** Enrollments and subsidies as the ledger said at `asAt`, from the subsidy read model (one request). */
export const EnrollmentsAsAt = ({ personId, asAt }: { readonly personId: string; readonly asAt: string }) => {
  const { client } = useConsole();
  const { t, code } = useText();
  const enrollments = useAsync((signal) => client.enrollments(personId, asAt, signal), [personId, asAt]);
  return (
    <Async state={enrollments} isEmpty={(rows) => rows.length === 0} emptyMessage={t('state.empty')}>
      {(rows) => (
        <div class="table-wrap">
          <table class="table" data-testid="enrollments" data-as-at={asAt}>
            <EnrollmentHeadings />
            <tbody>
              {rows.map((row) => (
                <tr data-year={row.year}>
                  <td>{row.year}</td>
                  <td>{row.enrollment ? code('scheme', row.enrollment.scheme) : ''}</td>
                  <td class="num">{row.enrollment ? <Money value={row.enrollment.contribution} /> : null}</td>
                  <td class="nowrap">{row.enrollment?.enrolledOn}</td>
                  <td>
                    <SubsidyText view={row} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Async>
  );
};

const EnrollmentRow = ({ personId, enrollment }: { readonly personId: string; readonly enrollment: PersonView['enrollments'][number] }) => {
  const { client, roles } = useConsole();
  const { code } = useText();
  // The subsidy is an inspector's read; for other roles the cell stays empty (the page says why once).
  const readsSubsidy = mayRead(roles, 'subsidy');
  const subsidy = useAsync((signal) => (readsSubsidy ? client.subsidy(personId, enrollment.year, null, signal) : Promise.resolve(null)), [personId, enrollment.year, readsSubsidy]);
  return (
    <tr data-year={enrollment.year}>
      <td>{enrollment.year}</td>
      <td>{code('scheme', enrollment.scheme)}</td>
      <td class="num">
        <Money value={enrollment.contribution} />
      </td>
      <td class="nowrap">{enrollment.enrolledOn}</td>
      <td>
        <Async state={subsidy}>{(view) => (view === null ? <span class="muted">—</span> : <SubsidyText view={view} />)}</Async>
      </td>
    </tr>
  );
};

const SubsidyText = ({ view }: { readonly view: SubsidyView }) => {
  const { t } = useText();
  const status = t(`enrollment.status.${view.status}`);
  if (view.status === 'declined') return <span>{status}{t('punct.colon')}{view.declined?.reason}</span>;
  if (view.status !== 'granted' || !view.rule) return <span class="muted">{status}</span>;
  const parameter = view.rule.kind === 'percent' && view.rule.parameter ? formatRatio(view.rule.parameter) : (view.rule.parameter ?? '');
  return (
    <span>
      <Money value={view.amount} /> · <CategoryLabel code={view.category} /> · {t(`enrollment.rule.${view.rule.kind}`, { parameter })}
      {view.rule.clause ? <span class="clause">{view.rule.clause}</span> : null}
    </span>
  );
};

/** The columns both enrollment tables share: now, and as at a recorded moment. */
const EnrollmentHeadings = () => {
  const { t } = useText();
  return (
    <thead>
      <tr>
        <th>{t('enrollment.year')}</th>
        <th>{t('enrollment.scheme')}</th>
        <th class="num">{t('enrollment.contribution')}</th>
        <th>{t('enrollment.enrolledOn')}</th>
        <th>{t('enrollment.subsidy')}</th>
      </tr>
    </thead>
  );
};
