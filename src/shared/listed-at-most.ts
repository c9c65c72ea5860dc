/**
 * How many problems one refusal lists. A hostile or broken body can hold thousands of problems; an
 * answer listing them all is hundreds of kilobytes that no one reads, so the first ones are listed and
 * the rest only counted. Shared by the DTO validation and the pack loader, so both answer alike.
 */
export const PROBLEMS_LISTED_MAX = 100;

/** The first `max` lines, then one line counting the others ("… and 4900 more"). */
export const listedAtMost = (lines: readonly string[], max: number = PROBLEMS_LISTED_MAX): string[] =>
  lines.length > max ? [...lines.slice(0, max), `… and ${lines.length - max} more`] : [...lines];
