import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { mayRead } from '../auth/access';
import { Link, Section } from '../components/labels';
import { useConsole, useText } from '../context';
import { readSearchInput } from '../model/search-input';

/** The start page: find a person or a claim by id, or go to the region-level pages. */
export const HomePage = () => {
  const { t } = useText();
  return (
    <div class="page" data-page="home">
      <p class="lead">{t('home.intro')}</p>
      <div class="home-grid">
        <Section title={t('nav.person')}>
          <IdSearch kind="person" />
        </Section>
        <Section title={t('claim.id')}>
          <IdSearch kind="claim" />
        </Section>
        <Section title={t('nav.funds')}>
          <Link route={{ page: 'funds' }}>{t('funds.title')} →</Link>
        </Section>
        <Section title={t('nav.corrections')}>
          <p class="hint">{t('corrections.intro')}</p>
          <Link route={{ page: 'corrections' }}>{t('corrections.title')} →</Link>
        </Section>
      </div>
    </div>
  );
};

/**
 * Ids are opaque (no names or 身份证号 are ever stored), so the search is an exact id, not a name
 * lookup. The id becomes the page's URL, so a 身份证号 or a mobile number typed here is refused in the
 * browser, before any navigation or request, with a line saying what to type instead. A registrar
 * may find the person holding a 身份证号 through the personal-data lookup, which sends the number in
 * the body of a POST and answers with the person id, the only thing that then goes into the URL.
 */
export const IdSearch = ({ kind, compact = false }: { readonly kind: 'person' | 'claim'; readonly compact?: boolean }) => {
  const { navigate, query, roles, client } = useConsole();
  const { t } = useText();
  const [value, setValue] = useState('');
  const [refused, setRefused] = useState<{ readonly nationalId: string | null } | null>(null);
  const [lookupFailure, setLookupFailure] = useState<string | null>(null);
  const label = kind === 'person' ? t('search.person') : t('search.claim');
  // Drilling into another record keeps "what did we know then".
  const asAt = query.get('asAt');
  const lookUp = (nationalId: string): void => {
    setLookupFailure(null);
    client.lookupPerson(nationalId).then(
      ({ personId }) => {
        setValue('');
        setRefused(null);
        navigate({ page: 'person', personId }, { asAt });
      },
      (error: unknown) => setLookupFailure(error instanceof ApiError && error.kind === 'not-found' ? t('search.lookupNotFound') : error instanceof Error ? error.message : String(error)),
    );
  };
  const offersLookup = kind === 'person' && refused?.nationalId != null;
  return (
    <form
      class={`search${compact ? ' compact' : ''}`}
      role="search"
      data-search={kind}
      onSubmit={(event) => {
        event.preventDefault();
        const input = readSearchInput(value);
        setLookupFailure(null);
        if (input.kind === 'empty') return setRefused(null);
        if (input.kind === 'personal-identifier') return setRefused({ nationalId: input.nationalId });
        setRefused(null);
        if (kind === 'person') navigate({ page: 'person', personId: input.id }, { asAt });
        else navigate({ page: 'claim', claimId: input.id }, { asAt });
      }}
    >
      <input
        name={kind === 'person' ? 'personId' : 'claimId'}
        aria-label={label}
        aria-invalid={refused === null ? undefined : true}
        placeholder={label}
        title={kind === 'person' ? t('search.personHint') : t('search.claimHint')}
        value={value}
        onInput={(event) => {
          setValue(event.currentTarget.value);
          setRefused(null);
        }}
        autoComplete="off"
        spellcheck={false}
      />
      <button type="submit" class="button">
        {t('search.go')}
      </button>
      {refused === null ? null : (
        <div class="notice notice-error search-refused" role="alert" data-testid="search-refused">
          <span>{kind === 'person' ? t('search.refusedPerson') : t('search.refusedClaim')}</span>
          {offersLookup && mayRead(roles, 'lookup') ? (
            <button type="button" class="link-button" data-testid="lookup" onClick={() => lookUp(refused.nationalId ?? '')}>
              {t('search.lookup')}
            </button>
          ) : offersLookup ? (
            <span class="hint">{t('search.lookupByRegistrar')}</span>
          ) : null}
          {lookupFailure === null ? null : <span data-testid="lookup-failure">{lookupFailure}</span>}
        </div>
      )}
      {compact ? null : <p class="hint">{kind === 'person' ? t('search.personHint') : t('search.claimHint')}</p>}
    </form>
  );
};
