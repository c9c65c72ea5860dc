/**
 * A plain inpatient claim as `submitClaim` (and `POST /claims`) takes it: a one-day stay in a
 * secondary hospital of the county, only the total cost given. The tests that need other facts write
 * their own.
 */
export const inpatientClaim = (claimId: string, personId: string, date: string, total: string) => ({
  claimId,
  personId,
  kind: 'INPATIENT' as const,
  admissionDate: date,
  dischargeDate: date,
  hospitalLevel: 'SECONDARY' as const,
  location: 'IN_COUNTY' as const,
  costs: { total },
});
