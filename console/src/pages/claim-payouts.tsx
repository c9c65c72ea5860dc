import type { Payouts } from '../api/types';
import { TIERS } from '../api/types';
import { Money } from '../components/labels';
import { useText } from '../context';
import { totalOf } from '../model/trace';

/**
 * The claim page's payouts side by side, per tier with their total and the person's share: first
 * settled and in force now, or a reassessment's previous, next and (signed) difference.
 */

export const PayoutsTable = ({ columns, testId }: { readonly columns: ReadonlyArray<{ readonly title: string; readonly payouts: Payouts; readonly outOfPocket: string; readonly signed?: boolean }>; readonly testId?: string }) => {
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
