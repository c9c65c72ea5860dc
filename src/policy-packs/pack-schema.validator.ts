import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import type { SchemaValidateFunction } from 'ajv/dist/types';
import addFormats from 'ajv-formats';
import { formatYuan, parseYuan } from '../domain/money';
import { findPackageRoot } from './package-root.locator';

/**
 * Validation of a pack's shape against the published JSON Schema (docs/policy-pack.schema.json), with
 * the normalisation of amounts and ratios done by the schema itself: the keyword `x-decimal` marks
 * every amount and ratio, and rewrites it in place to a decimal string as it is validated, so the list
 * of what is money lives in one place, the schema, and nothing downstream ever sees a float.
 */

export interface SchemaProblem {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

const AMOUNT_PATTERN = /^\d{1,15}(\.\d{1,2})?$/;
const RATIO_PATTERN = /^\d{1,3}(\.\d{1,6})?$/;

/**
 * Turns a YAML/JSON number or string into the decimal string the ledger keeps: amounts with exactly
 * two decimals ("5000.00"), ratios as written ("0.65"). A YAML float arrives here already as its source
 * text (see load-pack.ts), so "0.70" stays "0.70" rather than becoming 0.7.
 */
const normaliseDecimal: SchemaValidateFunction = function normalise(kind: 'amount' | 'ratio', data: unknown, _schema, context) {
  // The keyword only runs on numbers and strings (its `type`), and String() of a JS number is its shortest form.
  const text = String(data);
  const pattern = kind === 'amount' ? AMOUNT_PATTERN : RATIO_PATTERN;
  if (!pattern.test(text)) {
    normaliseDecimal.errors = [
      {
        keyword: 'x-decimal',
        message:
          kind === 'amount'
            ? `amount ${JSON.stringify(data)} must be a non-negative number of yuan with at most two decimals`
            : `ratio ${JSON.stringify(data)} must be a non-negative decimal such as 0.70`,
        params: { kind },
      },
    ];
    return false;
  }
  if (context) context.parentData[context.parentDataProperty] = kind === 'amount' ? formatYuan(parseYuan(text)) : text;
  return true;
};

let compiled: ValidateFunction | undefined;

const schemaValidator = (): ValidateFunction => {
  if (compiled) return compiled;
  const schemaPath = join(findPackageRoot(), 'docs', 'policy-pack.schema.json');
  const schema: unknown = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  addFormats(ajv, ['date']);
  ajv.addKeyword({ keyword: 'x-decimal', type: ['number', 'string'], schemaType: 'string', modifying: true, errors: true, validate: normaliseDecimal });
  compiled = ajv.compile(schema as object);
  return compiled;
};

/**
 * Validates `value` in place (amounts and ratios are rewritten to decimal strings) and returns the
 * problems, each with a dotted path and the schema keyword as its rule.
 */
export const validatePackSchema = (value: unknown): SchemaProblem[] => {
  const validate = schemaValidator();
  if (validate(value)) return [];
  return readableErrors(validate.errors ?? []);
};

// ---------------------------------------------------------------------------------------------
// Turning Ajv's errors into one clear line per problem

/** "/assistance/categories/SUBSISTENCE/ratio" → "assistance.categories.SUBSISTENCE.ratio"; array indices in brackets. */
export const dottedPath = (pointer: string, child?: string): string => {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) segments.push(child);
  const path = segments.reduce((acc, segment) => (/^\d+$/.test(segment) ? `${acc}[${segment}]` : acc === '' ? segment : `${acc}.${segment}`), '');
  return path === '' ? '(root)' : path;
};

const childProperty = (error: ErrorObject): string | undefined => {
  const params = error.params as Record<string, unknown>;
  const name = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty ?? (error as { propertyName?: string }).propertyName;
  return typeof name === 'string' ? name : undefined;
};

const describe = (error: ErrorObject): string => {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return `${JSON.stringify(error.data)} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'required':
      return `is required`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return `is not a key of the pack format here (misspelt?)`;
    case 'false schema':
      return 'is not allowed here';
    case 'format':
      return `${JSON.stringify(error.data)} must be a calendar date (YYYY-MM-DD)`;
    default:
      return error.message ?? error.keyword;
  }
};

/**
 * Ajv reports an anyOf failure together with the failure of every branch at the same place, and an
 * if/then failure twice. Where a branch failed deeper inside the value (the value had that branch's
 * shape), those deeper errors are the useful ones; otherwise one line sums the branches up.
 */
const readableErrors = (errors: readonly ErrorObject[]): SchemaProblem[] => {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const deeperThanAnyOf = (path: string): boolean => errors.some((e) => e.instancePath.startsWith(`${path}/`));
  const problems: SchemaProblem[] = [];
  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'propertyNames') continue;
    if (error.keyword === 'anyOf') {
      if (!deeperThanAnyOf(error.instancePath)) problems.push(summariseAnyOf(error, errors));
      continue;
    }
    if (anyOfPaths.has(error.instancePath) && (error as { propertyName?: string }).propertyName === undefined) continue;
    if ((error.keyword === 'pattern' || error.keyword === 'minimum') && errors.some((e) => e.keyword === 'x-decimal' && e.instancePath === error.instancePath)) continue;
    problems.push({ path: dottedPath(error.instancePath, childProperty(error)), rule: `schema:${error.keyword}`, message: describe(error) });
  }
  return dedupe(problems);
};

const summariseAnyOf = (anyOf: ErrorObject, errors: readonly ErrorObject[]): SchemaProblem => {
  const here = errors.filter((e) => e.instancePath === anyOf.instancePath && e !== anyOf && e.keyword !== 'anyOf');
  const decimal = here.some((e) => e.keyword === 'x-decimal');
  const forms = here
    .filter((e) => !(decimal && (e.keyword === 'pattern' || e.keyword === 'minimum')))
    .map((e) => (e.keyword === 'type' ? `a value of type ${String((e.params as { type: unknown }).type)}` : describe(e)));
  return {
    path: dottedPath(anyOf.instancePath),
    rule: 'schema:anyOf',
    message: `${JSON.stringify(anyOf.data)} matches none of the accepted forms: ${[...new Set(forms)].join('; ')}`,
  };
};

const dedupe = (problems: readonly SchemaProblem[]): SchemaProblem[] => {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}|${p.rule}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};
