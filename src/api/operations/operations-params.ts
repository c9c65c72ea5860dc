import { BadRequestException } from '@nestjs/common';
import type { Department } from '../../domain/vocabulary';
import { DEPARTMENT_NAMES } from '../../operations/roster/roster-columns';
import type { TableEncoding } from '../../operations/tabular/tabular-file';
import { notFound } from '../../shared/domain-error';
import { actorOf, type Principal, type Role } from '../auth/roles';
import { isCalendarDate } from '../common/dto-validators';

/** Query parameters of the import and export routes; each refusal names the parameter and the rule. */
const refuse = (name: string, rule: string): never => {
  throw new BadRequestException([`${name}: ${rule}`]);
};

const single = (value: unknown, name: string): string | null => {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') return refuse(name, 'must be given once');
  return value;
};

const REGION = /^[a-z][a-z0-9-]{1,31}$/;

export const regionParam = (value: unknown): string => {
  const text = single(value, 'region');
  return text !== null && REGION.test(text) ? text : refuse('region', 'is required: a region code of lower-case letters, digits and "-", e.g. heze');
};

export const dateParam = (value: unknown, name: string): string => {
  const text = single(value, name);
  return text !== null && isCalendarDate(text) ? text : refuse(name, 'is required: a calendar date written YYYY-MM-DD');
};

/** A period given as two days, in order: a reversed one would answer an empty file, as if nothing had happened. */
export const checkDateRange = (from: string, to: string): void => {
  if (from > to) refuse('from', `must not be after to (${to})`);
};

export const booleanParam = (value: unknown, name: string): boolean => {
  const text = single(value, name);
  if (text === null || text === 'false') return false;
  return text === 'true' ? true : refuse(name, 'must be true or false');
};

export const encodingParam = (value: unknown): TableEncoding | 'auto' => {
  const text = (single(value, 'encoding') ?? 'auto').toLowerCase();
  if (text === 'utf-8' || text === 'utf8') return 'utf-8';
  if (text === 'gbk') return 'gbk';
  return text === 'auto' ? 'auto' : refuse('encoding', 'must be auto, utf-8 or gbk');
};

export const departmentParam = (value: unknown): Department | undefined => {
  const text = single(value, 'department');
  if (text === null) return undefined;
  return DEPARTMENT_NAMES[text] ?? refuse('department', 'must be CIVIL_AFFAIRS, RURAL_REVITALIZATION or MEDICAL_SECURITY (or 民政, 乡村振兴, 医保)');
};

export const oneOf = <T extends string>(value: unknown, name: string, allowed: readonly T[], fallback: T): T => {
  const text = single(value, name) ?? fallback;
  return (allowed as readonly string[]).includes(text) ? (text as T) : refuse(name, `must be one of ${allowed.join(', ')}`);
};

/**
 * The actor recorded for the request: the authenticated principal in the role the route allows, or,
 * until the authentication guard is in place, the X-Actor header the other command routes use.
 */
export const actorFor = (principal: Principal | undefined, role: Role, headerActor: string): string => (principal ? actorOf(principal, role) : headerActor);

/** A principal limited to some regions does not learn that another region's data exists (404). */
export const requireRegion = (principal: Principal | undefined, region: string): void => {
  if (principal?.regions && !principal.regions.includes(region)) notFound('REGION_NOT_FOUND', `region ${region} is not known`);
};
