import { claimExplanationProjection } from './claim-explanation.projection';
import { eventIndexProjection } from './event-index.projection';
import { fundTotalsProjection } from './fund-totals.projection';
import { identityTimelineProjection } from './identity-timeline.projection';
import { openAlertsProjection } from './open-alerts.projection';
import { personYearUsageProjection } from './person-year-usage.projection';
import type { Projection } from './projection';
import { subsidyStatusProjection } from './subsidy-status.projection';

/** Every projection the service runs, in the order they are applied within a batch (the order does not matter to the results). */
export const LEDGER_PROJECTIONS: readonly Projection[] = [
  personYearUsageProjection,
  subsidyStatusProjection,
  identityTimelineProjection,
  claimExplanationProjection,
  openAlertsProjection,
  fundTotalsProjection,
  eventIndexProjection,
];

export const projectionNamed = (name: string): Projection | undefined => LEDGER_PROJECTIONS.find((projection) => projection.name === name);
