import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, LedgerClient, type Principal } from './api/client';
import { mayOpen, storedToken, storeToken } from './auth/access';
import { finishOidcSignIn } from './auth/oidc';
import { Loading } from './components/async';
import { Link } from './components/labels';
import { Context, type ConsoleContext } from './context';
import { LANGS, translate, type Lang } from './i18n/messages';
import { ClaimPage } from './pages/claim-page';
import { CorrectionsPage } from './pages/corrections-page';
import { FundsPage } from './pages/funds-page';
import { HomePage, IdSearch } from './pages/home-page';
import { PersonPage } from './pages/person-page';
import { SignInPage } from './pages/sign-in-page';
import { SimulationPage } from './pages/simulation-page';
import { UsagePage } from './pages/usage-page';
import { hrefOf, parseRoute, routeHoldsPersonalIdentifier, type Route } from './router';

const LANG_STORAGE = 'benefits-ledger.console.lang';

/** ?lang= wins (a shared link), then the inspector's last choice, then Chinese. */
const initialLang = (query: URLSearchParams): Lang => {
  const asked = query.get('lang');
  if (asked && (LANGS as readonly string[]).includes(asked)) return asked as Lang;
  try {
    const stored = localStorage.getItem(LANG_STORAGE);
    if (stored && (LANGS as readonly string[]).includes(stored)) return stored as Lang;
  } catch {
    // Storage can be disabled by policy on office machines; the default then applies.
  }
  return 'zh';
};

const currentLocation = () => ({ route: parseRoute(window.location.pathname), query: new URLSearchParams(window.location.search) });

export const App = () => {
  const [location, setLocation] = useState(currentLocation);
  const [lang, setLangState] = useState<Lang>(() => initialLang(location.query));
  // undefined: still checking a stored token; null: signed out.
  const [principal, setPrincipal] = useState<Principal | null | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);
  // A 401 on any request means the token was revoked or expired since sign-in: forget it and show the
  // sign-in form at once, rather than a "sign in again" beside every section and no way to do it.
  const langNow = useRef(lang);
  langNow.current = lang;
  const client = useMemo(
    () =>
      new LedgerClient(undefined, storedToken, () => {
        storeToken(null);
        setFailure(translate(langNow.current, 'state.unauthorized'));
        setPrincipal(null);
      }),
    // One client for the whole session: it reads the token and the language when it needs them.
    [],
  );

  /** Trusts a token only once the service has answered who it is. */
  const signIn = (token: string | null): void => {
    if (token === null) return setPrincipal(null);
    storeToken(token);
    client.me().then(
      (who) => {
        setFailure(null);
        setPrincipal(who);
      },
      (error: unknown) => {
        storeToken(null);
        setFailure(error instanceof ApiError ? error.message : String(error));
        setPrincipal(null);
      },
    );
  };

  useEffect(() => {
    finishOidcSignIn().then(
      (token) => signIn(token ?? storedToken()),
      (error: unknown) => {
        setFailure(String(error));
        setPrincipal(null);
      },
    );
    // Once, on load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const onPop = (): void => setLocation(currentLocation());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = translate(lang, 'app.title');
  }, [lang]);

  const context: ConsoleContext = useMemo(
    () => ({
      lang,
      client,
      query: location.query,
      roles: principal?.roles ?? [],
      navigate: (route: Route, query = {}, options = {}) => {
        // The searches refuse a 身份证号 or a mobile number before they get here; this refuses it from anywhere else.
        if (routeHoldsPersonalIdentifier(route)) return;
        const href = hrefOf(route, { ...query, lang: lang === 'zh' ? null : lang });
        if (options.replace) window.history.replaceState(null, '', href);
        else window.history.pushState(null, '', href);
        setLocation(currentLocation());
        window.scrollTo(0, 0);
      },
      setLang: (next: Lang) => {
        setLangState(next);
        try {
          localStorage.setItem(LANG_STORAGE, next);
        } catch {
          // See initialLang.
        }
        const params = new URLSearchParams(window.location.search);
        if (next === 'zh') params.delete('lang');
        else params.set('lang', next);
        const search = params.toString();
        window.history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
        setLocation(currentLocation());
      },
    }),
    [lang, client, location, principal],
  );

  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => translate(lang, key, params);
  const route = location.route;
  const signOut = (): void => {
    storeToken(null);
    setFailure(null);
    setPrincipal(null);
  };
  // Until the service has said whose token this is, the console says it is loading rather than
  // showing nothing: a blank page reads as broken, and a test waiting for "nothing loading" would
  // otherwise pass before the page has begun.
  if (principal === undefined) {
    return (
      <Context.Provider value={context}>
        <main class="main">
          <Loading />
        </main>
      </Context.Provider>
    );
  }
  if (principal === null) {
    return (
      <Context.Provider value={context}>
        <header class="topbar">
          <div class="brand">
            <span class="brand-link">{t('app.title')}</span>
            <span class="brand-sub">{t('app.subtitle')}</span>
          </div>
          <nav class="nav" aria-label="main">
            <button type="button" class="lang-toggle" data-testid="lang-toggle" onClick={() => context.setLang(lang === 'zh' ? 'en' : 'zh')}>
              {t('nav.language')}
            </button>
          </nav>
        </header>
        <main class="main">
          <SignInPage lang={lang} client={client} onToken={signIn} failure={failure} />
        </main>
      </Context.Provider>
    );
  }
  return (
    <Context.Provider value={context}>
      <header class="topbar">
        <div class="brand">
          <Link route={{ page: 'home' }} class="brand-link">
            {t('app.title')}
          </Link>
          <span class="brand-sub">{t('app.subtitle')}</span>
        </div>
        <nav class="nav" aria-label="main">
          {mayOpen(principal, 'person') ? <IdSearch kind="person" compact /> : null}
          {mayOpen(principal, 'funds') ? (
            <Link route={{ page: 'funds' }} class={route.page === 'funds' ? 'active' : ''}>
              {t('nav.funds')}
            </Link>
          ) : null}
          {mayOpen(principal, 'corrections') ? (
            <Link route={{ page: 'corrections' }} class={route.page === 'corrections' ? 'active' : ''}>
              {t('nav.corrections')}
            </Link>
          ) : null}
          {mayOpen(principal, 'simulation') ? (
            <Link route={{ page: 'simulation' }} class={route.page === 'simulation' ? 'active' : ''}>
              {t('nav.simulation')}
            </Link>
          ) : null}
          <button type="button" class="lang-toggle" data-testid="lang-toggle" onClick={() => context.setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('nav.language')}
          </button>
          <span class="signed-in" data-testid="signed-in">
            {t('signIn.as', { id: principal.id, roles: principal.roles.join(', ') })}
          </span>
          <button type="button" class="link-button" data-testid="sign-out" onClick={signOut}>
            {t('signIn.out')}
          </button>
        </nav>
      </header>
      <main class="main">
        {mayOpen(principal, route.page) ? (
          <Page route={route} />
        ) : (
          <div class="notice notice-error" role="alert" data-testid="forbidden">
            {t('page.forbidden', { roles: principal.roles.join(', ') })}
          </div>
        )}
      </main>
    </Context.Provider>
  );
};

const Page = ({ route }: { readonly route: Route }) => {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'person':
      // Keyed by id: a new person starts with fresh state rather than the previous one's.
      return <PersonPage key={route.personId} personId={route.personId} />;
    case 'usage':
      return <UsagePage key={`${route.personId}/${route.year}`} personId={route.personId} year={route.year} />;
    case 'claim':
      return <ClaimPage key={route.claimId} claimId={route.claimId} />;
    case 'funds':
      return <FundsPage />;
    case 'corrections':
      return <CorrectionsPage />;
    case 'simulation':
      return <SimulationPage />;
    case 'not-found':
      return <NotFound path={route.path} />;
  }
};

const NotFound = ({ path }: { readonly path: string }) => (
  <div class="notice notice-error" role="alert" data-state="error">
    404 · /console{path}
  </div>
);
