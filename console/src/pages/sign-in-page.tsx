import { useEffect, useState } from 'preact/hooks';
import type { LedgerClient, SignInOptions } from '../api/client';
import { startOidcSignIn } from '../auth/oidc';
import { translate, type Lang } from '../i18n/messages';

/**
 * Sign-in: a service token pasted by the user, or the OIDC issuer when the service names one with a
 * console client id. `onToken` checks the token with GET /auth/me before the console trusts it.
 */
export const SignInPage = ({ lang, client, onToken, failure }: { readonly lang: Lang; readonly client: LedgerClient; readonly onToken: (token: string) => void; readonly failure: string | null }) => {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => translate(lang, key, params);
  const [token, setToken] = useState('');
  const [options, setOptions] = useState<SignInOptions | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client.signInOptions().then(setOptions, () => setOptions({ oidc: null }));
  }, [client]);

  const oidc = options?.oidc;
  return (
    <div class="page" data-page="sign-in">
      <div class="page-title">
        <h1>{t('signIn.title')}</h1>
      </div>
      <p class="hint">{t('signIn.intro')}</p>
      <form
        class="form-row"
        data-testid="sign-in"
        onSubmit={(event) => {
          event.preventDefault();
          if (token.trim() !== '') onToken(token.trim());
        }}
      >
        <label class="control grow">
          <span class="control-label">{t('signIn.token')}</span>
          <input name="token" type="password" autoComplete="off" spellcheck={false} value={token} onInput={(event) => setToken(event.currentTarget.value)} />
        </label>
        <button type="submit">{t('signIn.submit')}</button>
      </form>
      {oidc && oidc.clientId ? (
        <p>
          <button type="button" data-testid="sign-in-oidc" onClick={() => startOidcSignIn(oidc.issuer, oidc.clientId ?? '').catch((caught: unknown) => setError(String(caught)))}>
            {t('signIn.oidc')}
          </button>
        </p>
      ) : null}
      {failure || error ? (
        <div class="notice notice-error" role="alert" data-state="error">
          {t('signIn.failed', { message: failure ?? error ?? '' })}
        </div>
      ) : null}
    </div>
  );
};
