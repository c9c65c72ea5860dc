import type { ComponentChildren } from 'preact';
import { useConsole, useText } from '../context';
import { formatAmount, signOf } from '../model/money';
import { hrefOf, type Route } from '../router';

/** An amount in yuan, right-aligned digits; deltas carry their sign and colour. */
export const Money = ({ value, signed = false }: { readonly value: string | null | undefined; readonly signed?: boolean }) => {
  if (value === null || value === undefined) return <span class="muted">—</span>;
  let text: string;
  try {
    text = formatAmount(value, { signed });
  } catch {
    // A value the console cannot read is shown as the ledger wrote it rather than hidden.
    return <span class="money">{value}</span>;
  }
  const sign = signed ? signOf(value) : 0;
  return <span class={`money${sign < 0 ? ' negative' : sign > 0 ? ' positive' : ''}`}>{text}</span>;
};

/** A category by its name in the chosen language, with the code beside it (codes are what the roster files use). */
export const CategoryLabel = ({ code }: { readonly code: string | null | undefined }) => {
  const { t, category } = useText();
  if (!code) return <span class="muted">{t('claim.none')}</span>;
  return (
    <span class="category" data-category={code}>
      <span class="category-name">{category(code)}</span> <code class="category-code">{code}</code>
    </span>
  );
};

/** An in-console link: a real href (open in a new tab works) that navigates without a reload. */
export const Link = ({ route, query, children, class: className }: { readonly route: Route; readonly query?: Readonly<Record<string, string | null | undefined>>; readonly children: ComponentChildren; readonly class?: string }) => {
  const { navigate, lang } = useConsole();
  const fullQuery = { ...query, lang: lang === 'zh' ? null : lang };
  return (
    <a
      href={hrefOf(route, fullQuery)}
      class={className}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(route, query);
      }}
    >
      {children}
    </a>
  );
};

export const Section = ({ title, hint, children, id, actions }: { readonly title: string; readonly hint?: string; readonly children: ComponentChildren; readonly id?: string; readonly actions?: ComponentChildren }) => (
  <section class="card" {...(id ? { id, 'data-section': id } : {})}>
    <header class="card-header">
      <h2>{title}</h2>
      {actions}
    </header>
    {hint ? <p class="hint">{hint}</p> : null}
    {children}
  </section>
);

export const Field = ({ label, children }: { readonly label: string; readonly children: ComponentChildren }) => (
  <div class="field">
    <dt>{label}</dt>
    <dd>{children}</dd>
  </div>
);

/** One figure of a report with its label (persons, claims, changes). */
export const Stat = ({ label, value }: { readonly label: string; readonly value: number }) => (
  <div class="stat">
    <span class="stat-value">{value}</span>
    <span class="stat-label">{label}</span>
  </div>
);
