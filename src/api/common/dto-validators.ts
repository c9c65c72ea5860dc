import { ValidateBy, ValidateIf, ValidationOptions, buildMessage } from 'class-validator';
import { isBlank } from '../../shared/text-rules';

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

/** A real calendar date written YYYY-MM-DD ("2023-02-30" is refused). */
export const IsIsoDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value: unknown): boolean => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a calendar date written YYYY-MM-DD`, options),
      },
    },
    options,
  );

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
