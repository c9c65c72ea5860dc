import type { RenderedStep } from '../api/claim-types';
import { Money } from '../components/labels';
import { useText } from '../context';
import { accumulatorRows, readableSteps } from '../model/trace';

/**
 * How the ledger computed a claim's payouts: the rendered trace as readable steps (figures, clauses,
 * assumed figures marked) and the person-year's accumulators before and after the claim.
 */

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

export const AccumulatorTable = ({ before, after }: { readonly before: Parameters<typeof accumulatorRows>[0]; readonly after: Parameters<typeof accumulatorRows>[1] }) => {
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
