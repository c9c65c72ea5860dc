import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { AccessLogInterceptor } from './access-log.interceptor';

export const PERSON_DATA_READ = 'benefits-ledger:person-data-read';
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
 * (who, which person, what, when) before it is sent. The declaration binds `AccessLogInterceptor` to
 * the route itself, so the routes that read no person's data (settling a claim, health, the feed)
 * do not pass through an interceptor at all: Nest wraps every request of a route that has one in an
 * async resource and an RxJS pipeline.
 */
export const PersonDataRead = (what: string, person: PersonSource = { param: 'personId' }): MethodDecorator =>
  applyDecorators(
    SetMetadata(PERSON_DATA_READ, { what, person } satisfies PersonDataReadSpec),
    UseInterceptors(AccessLogInterceptor),
    ApiExtension(ACCESS_LOGGED_EXTENSION, what),
  );
