import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions, buildMessage } from 'class-validator';
import { formatYuan, parseYuan } from '../../../domain/money';

/**
 * Wire formats of the ledger's commands that the shared validators (src/api/common/dto-validators.ts)
 * do not cover: amounts as clients type them (at most two decimals, normalised to exactly two before
 * the ledger sees them) and the opaque ids that end up inside stream names.
 */

/** Up to 12 integer digits (below a trillion yuan) and at most two decimals: "937.8" or "937.80". */
export const WIRE_AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;

/** Opaque ids: they become part of stream names, so no spaces, slashes or control characters. */
export const OPAQUE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** Region codes of policy packs: "heze", "fumeng". */
export const REGION_CODE = /^[a-z][a-z0-9-]{1,31}$/;

/**
 * A non-negative yuan amount written as a string with at most two decimals. Numbers are refused:
 * a JSON number has already lost decimal precision before any validator sees it.
 */
export const IsWireAmount = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isWireAmount',
      validator: {
        validate: (value: unknown): boolean => typeof value === 'string' && WIRE_AMOUNT.test(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a yuan amount as a string with at most two decimals, e.g. "937.80"`,
          options,
        ),
      },
    },
    options,
  );

/** Normalises a valid amount to exactly two decimals ("12.5" → "12.50"); anything else is left for the validator to refuse. */
export const NormaliseAmount = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => normaliseAmount(value));

export const normaliseAmount = (value: unknown): unknown =>
  typeof value === 'string' && WIRE_AMOUNT.test(value) ? formatYuan(parseYuan(value)) : value;
