import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExtension } from '@nestjs/swagger';

/** The key of a declared read in its Fastify route's config, where `recordPersonDataReads` finds it. */
export const ACCESS_LOGGED_CONFIG = 'personDataRead';
/** OpenAPI extension on every logged read, so a test over the document finds a person route without it. */
export const ACCESS_LOGGED_EXTENSION = 'x-access-logged';

/**
 * Which person a read concerns: a path parameter, a field of the answer (a claim names its person),
 * or the person of the claim named by a path parameter (an answer that does not name its person).
 */
export type PersonSource = { readonly param: string } | { readonly answerField: string } | { readonly claimParam: string };

export interface PersonDataReadSpec {
  /** What is read, in the access log's words: `person`, `timeline`, `usage`, `claim`, `personal-data`, … */
  readonly what: string;
  readonly person: PersonSource;
}

/**
 * Declares a route that reads a person's data: every successful answer is recorded in the access log
 * (who, which person, what, when) before it is sent. The declaration goes into the route's Fastify
 * config, where `recordPersonDataReads` (access-log.hook.ts) adds the hooks that record it to this
 * route alone; the routes that read no person's data (settling a claim, health, the feed) carry none.
 */
export const PersonDataRead = (what: string, person: PersonSource = { param: 'personId' }): MethodDecorator =>
  applyDecorators(RouteConfig({ [ACCESS_LOGGED_CONFIG]: { what, person } satisfies PersonDataReadSpec }), ApiExtension(ACCESS_LOGGED_EXTENSION, what));
