/**
 * Where a region-wide reassessment finds its person-years: an index of the person-years with a claim
 * settled under a region, by reference date. Without one the ledger scans every `ClaimSettled` of
 * the log, which on a store of a province's year reads ten times what the region holds.
 *
 * The index is a read model, so it may lag the store: an implementation answers only once it has
 * caught up with `head` (the store's head when the reassessment started), and answers null when it
 * cannot say (no build yet, or not caught up in time), in which case the ledger scans the log.
 */
export interface PersonYearIndex {
  personYearsInRegion(region: string, from: string, to: string, head: bigint): Promise<ReadonlyArray<{ readonly personId: string; readonly year: number }> | null>;
}
