import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { LedgerClient } from './api/client';
import { categoryName, codeLabel, translate, type Lang, type MessageKey } from './i18n/messages';
import type { Route } from './router';

/** What every page needs: the language, the API client, the URL's query and a way to navigate. */
export interface ConsoleContext {
  readonly lang: Lang;
  readonly client: LedgerClient;
  readonly query: URLSearchParams;
  /** The signed-in principal's roles: pages leave out what the role cannot read (see `mayRead`). */
  readonly roles: readonly string[];
  /** Goes to a route; `replace` for changes of a control that should not fill the history. */
  navigate(route: Route, query?: Readonly<Record<string, string | null | undefined>>, options?: { readonly replace?: boolean }): void;
  setLang(lang: Lang): void;
}

export const Context = createContext<ConsoleContext | null>(null);

export const useConsole = (): ConsoleContext => {
  const value = useContext(Context);
  if (value === null) throw new Error('useConsole outside the console');
  return value;
};

/** The translation helpers bound to the current language. */
export const useText = () => {
  const { lang } = useConsole();
  return {
    lang,
    t: (key: MessageKey, params?: Readonly<Record<string, string | number>>) => translate(lang, key, params),
    category: (code: string) => categoryName(lang, code),
    code: (family: string, value: string) => codeLabel(lang, family, value),
  };
};
