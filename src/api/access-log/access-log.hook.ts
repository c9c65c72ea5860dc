import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { SqliteAccessLog } from '../../access-log/sqlite-access-log';
import type { ReadModels } from '../../projections/read-models';
import type { Principal } from '../auth/roles';
import { ACCESS_LOGGED_CONFIG, type PersonDataReadSpec } from './person-data-read.decorator';

const ANONYMOUS = 'anonymous';

type Hook = (request: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown>;

/**
 * Records every successful read of a route declared with `@PersonDataRead` before the answer leaves:
 * the answer waits for its entry's commit, and if the entry cannot be written the read fails (500)
 * rather than go unrecorded. Reads answered in the same turn of the event loop share one commit
 * (`SqliteAccessLog.recordDurably`). Failed reads (404, 400) disclose no data and are not recorded.
 *
 * The hooks are added to the declared routes alone, as each is registered (so this runs before Nest
 * registers its routes): an answer is recorded in `onSend`, which every answer passes, whatever its
 * type; a route whose person is named by its answer keeps the answer in `preSerialization` first.
 * Nest's interceptors would have wrapped each such read in an async resource and an RxJS pipeline.
 */
export const recordPersonDataReads = (instance: FastifyInstance, log: SqliteAccessLog, readModels: ReadModels): void => {
  instance.addHook('onRoute', (route) => {
    const spec = (route.config as Record<string, unknown> | undefined)?.[ACCESS_LOGGED_CONFIG] as PersonDataReadSpec | undefined;
    if (spec === undefined) return;
    const answers = new WeakMap<FastifyRequest, unknown>();
    if ('answerField' in spec.person) route.preSerialization = [...hooksOf(route.preSerialization), keepAnswer(answers)];
    route.onSend = [...hooksOf(route.onSend), recordRead(spec, declaredRoute(route.url), answers, log, readModels)];
  });
};

const hooksOf = <H>(hooks: H | H[] | undefined): H[] => (hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]);

const keepAnswer =
  (answers: WeakMap<FastifyRequest, unknown>): Hook =>
  async (request, _reply, payload) => {
    answers.set(request, payload);
    return payload;
  };

const recordRead =
  (spec: PersonDataReadSpec, route: string, answers: WeakMap<FastifyRequest, unknown>, log: SqliteAccessLog, readModels: ReadModels): Hook =>
  async (request, reply, payload) => {
    if (reply.statusCode >= 400) return payload;
    const personId = personOf(spec, request.params as Readonly<Record<string, unknown>>, answers.get(request), readModels);
    if (personId !== null) {
      const principal = (request as FastifyRequest & { principal?: Principal }).principal;
      await log.recordDurably({ principal: principal?.id ?? ANONYMOUS, personId, what: spec.what, route: `${request.method} ${route}`, at: new Date().toISOString() });
    }
    return payload;
  };

const personOf = (spec: PersonDataReadSpec, params: Readonly<Record<string, unknown>>, answer: unknown, readModels: ReadModels): string | null => {
  if ('param' in spec.person) {
    const value = params[spec.person.param];
    return typeof value === 'string' ? value : null;
  }
  if ('claimParam' in spec.person) {
    const claimId = params[spec.person.claimParam];
    return typeof claimId === 'string' ? (readModels.claimReference(claimId)?.personId ?? null) : null;
  }
  const value = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>)[spec.person.answerField] : undefined;
  return typeof value === 'string' ? value : null;
};

/** The route as declared (`/persons/{personId}/timeline`), never the concrete URL or its query. */
const declaredRoute = (url: RouteOptions['url']): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
