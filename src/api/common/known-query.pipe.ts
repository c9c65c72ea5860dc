import { BadRequestException, Query, type PipeTransform } from '@nestjs/common';
import { listedAtMost, PROBLEMS_LISTED_MAX } from '../../shared/listed-at-most';

type RawQuery = Record<string, unknown>;

/** Real parameter names are a few letters long. */
const NAME_ECHOED_MAX = 64;

/**
 * Refuses query parameters a route does not take. The routes that read their parameters by hand
 * (positions, instants, repeated-parameter checks) would otherwise ignore a misspelt one silently:
 * `/feed?limt=10` answered a page of the default size, `/persons/p/alerts?staus=all` the open alerts
 * only. Routes with a query DTO get the same rule from the validation pipe's whitelist.
 */
export class KnownQueryPipe implements PipeTransform<RawQuery, RawQuery> {
  constructor(private readonly names: readonly string[]) {}

  transform(query: RawQuery): RawQuery {
    const unknown = Object.keys(query ?? {}).filter((name) => !this.names.includes(name));
    if (unknown.length === 0) return query;
    const takes = this.names.length === 0 ? 'it takes none' : `it takes ${this.names.join(', ')}`;
    // The name is echoed only in part: a query string may be kilobytes long.
    const lines = unknown.map((name) => `${name.slice(0, NAME_ECHOED_MAX)}: is not a query parameter of this route (${takes})`);
    throw new BadRequestException(listedAtMost(lines, PROBLEMS_LISTED_MAX));
  }
}

/** `@KnownQuery('after', 'limit') query: Record<string, unknown>`: the query object, with any other parameter refused (400 naming it). */
export const KnownQuery = (...names: string[]): ParameterDecorator => Query(new KnownQueryPipe(names));
