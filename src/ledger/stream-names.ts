/**
 * How the ledger cuts its streams (see docs/architecture.md): one stream per person for registration,
 * identities and enrollments; one per person-year for claims, because thresholds and caps accumulate
 * per person per year and that is the boundary optimistic concurrency must guard; one per region for
 * policy revisions.
 */
export const personStream = (personId: string): string => `person-${personId}`;
export const benefitYearStream = (personId: string, year: number): string => `benefit-year-${personId}-${year}`;
export const policyStream = (region: string): string => `policy-${region}`;

export const STREAM_PREFIXES = { person: 'person-', benefitYear: 'benefit-year-', policy: 'policy-' } as const;
