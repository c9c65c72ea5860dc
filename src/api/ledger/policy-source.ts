import { BadRequestException } from '@nestjs/common';
import type { PublishedPack } from '../../domain/policy/policy-pack';
import { PackValidationError, validatePackObject } from '../../policy-packs/load-pack';
import { unprocessable } from '../../shared/domain-error';
import { listedAtMost } from '../../shared/listed-at-most';
import type { PublishPolicyDto } from './dto/policy.dto';

/** Injection token of the packs shipped under policies/ plus the operator's POLICY_DIR packs. */
export const SEED_PACKS = Symbol('SEED_PACKS');

/**
 * Turns a `POST /policies` body into the revisions to publish: a pack object goes through the pack
 * loader's validation (the one validator of the format, whose problems name the path and the rule);
 * a seed reference picks shipped revisions, oldest first.
 */
export const packsToPublish = (body: PublishPolicyDto, seeds: readonly PublishedPack[]): PublishedPack[] => {
  if (body.pack !== undefined) return [validatedPack(body.pack)];
  const region = body.seed ?? '';
  const chosen = seeds
    .filter((seed) => seed.ref.region === region && (body.revision === undefined || seed.ref.revision === body.revision))
    .sort((left, right) => left.pack.effectiveFrom.localeCompare(right.pack.effectiveFrom));
  if (chosen.length > 0) return chosen;
  const known = [...new Set(seeds.map((seed) => `${seed.ref.region}/${seed.ref.revision}`))].join(', ');
  // The message names the field to correct: the region (seed) when it has no shipped pack at all, else the revision.
  const field = body.revision === undefined || !seeds.some((seed) => seed.ref.region === region) ? 'seed' : 'revision';
  const wanted = body.revision === undefined ? region : `${region}/${body.revision}`;
  return unprocessable('UNKNOWN_SEED_PACK', `${field}: no shipped policy pack ${wanted}; shipped: ${known}`);
};

const validatedPack = (pack: Record<string, unknown>): PublishedPack => {
  try {
    return validatePackObject(pack, 'pack');
  } catch (error) {
    throw asPackRefusal(error);
  }
};

/**
 * A pack's validation problems as a 400, one "pack.path: rule: message" line per problem, like every
 * other 400 of the API, and at most as many lines as a DTO refusal lists; any other error is passed on
 * as it is. A published pack and a draft given to a simulation are refused the same way.
 */
export const asPackRefusal = (error: unknown): unknown =>
  error instanceof PackValidationError
    ? new BadRequestException(listedAtMost(error.problems.map((problem) => `pack.${problem.path}: ${problem.rule}: ${problem.message}`)))
    : error;
