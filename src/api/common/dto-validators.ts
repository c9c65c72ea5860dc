import { ValidateBy, ValidateIf, ValidationOptions, buildMessage } from 'class-validator';
import { isBlank } from '../../shared/text-rules';
import { MAX_BENEFIT_YEAR, MIN_BENEFIT_YEAR } from '../../domain/vocabulary';

/**
 * Validation decorators for the ledger's wire formats, shared by every DTO so that the same field
 * is refused with the same words everywhere.
 */

/**
 * The API's one rule for optional fields: only an absent field skips its rules. class-validator's
 * `@IsOptional` also skips an explicit `null`, which then reaches the controllers as a value no rule
 * checked (a 500, or a field silently dropped); with this decorator `null` is validated like any other
 * value and so refused with a 400 naming the field. Keep `@IsOptional` only where the docs say null
 * means something (`validTo: null`, open until revoked).
 */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

const AMOUNT_TEXT = /^\d{1,15}\.\d{2}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A non-negative yuan amount with exactly two decimals, as events carry it: "937.80". */
export const IsAmountText = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isAmountText',
      validator: {
        validate: (value: unknown): boolean => typeof value === 'string' && AMOUNT_TEXT.test(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be an amount in yuan with exactly two decimals, e.g. "937.80"`,
          options,
        ),
      },
    },
    options,
  );

/** The years a date of a command may fall in, both inclusive. */
export interface DateYears {
  readonly from: number;
  readonly to: number;
}

/**
 * Dates that are not tied to one benefit year (the validity of an identity category) may lie before
 * the ledger's first benefit year: a 特困 recognition can be decades old. Year 100 or 9999 is still a
 * typo, and it would be recorded in an immutable event, so those dates keep a bound too.
 */
export const RECORDED_DATE_YEARS: DateYears = { from: 1900, to: MAX_BENEFIT_YEAR };

/**
 * Dates that decide a benefit year (a claim's admission and discharge, either of which a pack may
 * name as the reference date; an application; a reassessment's period) lie in the benefit years the
 * ledger accepts anywhere else.
 */
export const BENEFIT_DATE_YEARS: DateYears = { from: MIN_BENEFIT_YEAR, to: MAX_BENEFIT_YEAR };

/** A real calendar date written YYYY-MM-DD ("2023-02-30" is refused) in the given years. */
export const IsIsoDate = (years: DateYears = RECORDED_DATE_YEARS, options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isIsoDate',
      constraints: [years.from, years.to],
      validator: {
        validate: (value: unknown): boolean => typeof value === 'string' && isCalendarDate(value) && isWithinYears(value, years),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a calendar date written YYYY-MM-DD in the years ${years.from} to ${years.to}`,
          options,
        ),
      },
    },
    options,
  );

/** Whether a well-formed YYYY-MM-DD date lies in the years given. */
export const isWithinYears = (date: string, years: DateYears): boolean => {
  const year = Number(date.slice(0, 4));
  return year >= years.from && year <= years.to;
};

export const isCalendarDate = (text: string): boolean => {
  const match = ISO_DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC rolls 30 February over into March; a round trip shows whether the day exists.
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/**
 * Text with something in it besides white space: a document reference or a reason of "   " passes
 * a length rule, yet records nothing an auditor could follow.
 */
export const IsNotBlank = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown): boolean => typeof value === 'string' && !isBlank(value),
        defaultMessage: buildMessage((each) => `${each}$property must not be blank (white space only)`, options),
      },
    },
    options,
  );
