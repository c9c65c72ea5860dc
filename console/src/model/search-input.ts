import { findPersonalIdentifiers, type PersonalIdentifierKind } from '../../../src/personal-data/personal-identifier';

/**
 * What the person and claim searches make of the text typed into them. The ledger's ids are opaque
 * and end up in the page's URL (browser history, bookmarks, the request log on a reload), so a
 * 身份证号 or a mobile number must be caught here, before any navigation. The rules are the
 * service's own (`src/personal-data/personal-identifier.ts`, pure), so the console refuses what the
 * API would refuse with 422, and the text is also read with its spaces and hyphens taken out,
 * because people type "110105 19491231 002X" as printed on the card.
 */
export type SearchInput =
  | { readonly kind: 'empty' }
  | { readonly kind: 'id'; readonly id: string }
  /** `nationalId`: the 18-character number alone, ready for POST /persons/lookup; null for anything else. */
  | { readonly kind: 'personal-identifier'; readonly identifier: PersonalIdentifierKind; readonly nationalId: string | null };

/** Whitespace (the ideographic space too) and hyphens (full-width too) people put between groups of digits. */
const SEPARATORS = /[\s\u3000\-\uFF0D]/g;
/** Full-width digits and X as a Chinese input method types them; one UTF-16 unit each, as in the service's detector. */
const FULL_WIDTH = /[\uFF10-\uFF19\uFF38\uFF58]/g;
const FULL_WIDTH_OFFSET = 0xfee0;
const NATIONAL_ID_SHAPE = /^\d{17}[\dX]$/;

/** The kind of the first personal identifier in `text`, read as written and without separators; null when none. */
export const personalIdentifierIn = (text: string): PersonalIdentifierKind | null => {
  const compact = text.replace(SEPARATORS, '');
  const findings = [...findPersonalIdentifiers(text), ...(compact === text ? [] : findPersonalIdentifiers(compact))];
  return findings[0]?.kind ?? null;
};

export const readSearchInput = (typed: string): SearchInput => {
  const text = typed.trim();
  if (text === '') return { kind: 'empty' };
  const identifier = personalIdentifierIn(text);
  if (identifier === null) return { kind: 'id', id: text };
  const compact = text
    .replace(SEPARATORS, '')
    .replace(FULL_WIDTH, (character) => String.fromCharCode(character.charCodeAt(0) - FULL_WIDTH_OFFSET))
    .toUpperCase();
  return { kind: 'personal-identifier', identifier, nationalId: identifier === 'national-id' && NATIONAL_ID_SHAPE.test(compact) ? compact : null };
};
