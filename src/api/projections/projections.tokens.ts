/** Injection tokens of the projections module (symbols: the runner and the database are not classes Nest can key on). */
export const READ_DATABASE = Symbol('READ_DATABASE');
export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');
