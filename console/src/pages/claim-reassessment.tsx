import type { Reassessment, RenderedStep } from '../api/claim-types';
import { CategoryLabel } from '../components/labels';
import { useText } from '../context';
import { subtractAmount } from '../model/money';
import { formatInstant } from '../model/time';
import { totalOf } from '../model/trace';
import { PayoutsTable } from './claim-payouts';
import { TraceList } from './claim-trace';

/**
 * One reassessment of a claim on the claim page: its correction, reason and recovery, the payouts it
 * replaced beside the new ones and their difference, and its own trace on request.
 */

export const ReassessmentCard = ({ entry, steps }: { readonly entry: Reassessment; readonly steps: readonly RenderedStep[] }) => {
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
