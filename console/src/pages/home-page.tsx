import { useState } from 'preact/hooks';
import { Link, Section } from '../components/labels';
import { useConsole, useText } from '../context';

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

/** Ids are opaque (no names or 身份证号 are ever stored), so the search is an exact id, not a name lookup. */
export const IdSearch = ({ kind, compact = false }: { readonly kind: 'person' | 'claim'; readonly compact?: boolean }) => {
  const { navigate, query } = useConsole();
  const { t } = useText();
  const [value, setValue] = useState('');
  const label = kind === 'person' ? t('search.person') : t('search.claim');
  return (
    <form
      class={`search${compact ? ' compact' : ''}`}
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        const id = value.trim();
        if (id === '') return;
        // Drilling into another record keeps "what did we know then".
        const asAt = query.get('asAt');
        if (kind === 'person') navigate({ page: 'person', personId: id }, { asAt });
        else navigate({ page: 'claim', claimId: id }, { asAt });
      }}
    >
      <input
        name={kind === 'person' ? 'personId' : 'claimId'}
        aria-label={label}
        placeholder={label}
        title={kind === 'person' ? t('search.personHint') : t('search.claimHint')}
        value={value}
        onInput={(event) => setValue(event.currentTarget.value)}
        autoComplete="off"
        spellcheck={false}
      />
      <button type="submit" class="button">
        {t('search.go')}
      </button>
      {compact ? null : <p class="hint">{kind === 'person' ? t('search.personHint') : t('search.claimHint')}</p>}
    </form>
  );
};
