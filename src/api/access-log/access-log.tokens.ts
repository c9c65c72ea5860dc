/** Injection token of the access log (`SqliteAccessLog`). */
export const ACCESS_LOG = 'ACCESS_LOG';
