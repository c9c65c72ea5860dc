/**
 * Sign-in at the bureau's OIDC issuer: authorization code with PKCE (RFC 7636), as a public client
 * (no secret in a browser). The access token then goes to the ledger as a bearer token, like a
 * service token. Used only when the service names an issuer and a console client id.
 */

const PENDING_STORAGE = 'benefits-ledger.console.oidc';

interface Discovery {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
}

const base64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const randomText = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)));

export const redirectUri = (): string => `${window.location.origin}/console/`;

const discover = async (issuer: string): Promise<Discovery> => {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`the issuer answered ${response.status}`);
  return (await response.json()) as Discovery;
};

/** The authorization request URL, from its parts (pure, so it can be tested). */
export const authorizationUrl = (endpoint: string, clientId: string, redirect: string, challenge: string, state: string): string => {
  const url = new URL(endpoint);
  url.search = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirect, scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256', state }).toString();
  return url.toString();
};

export const startOidcSignIn = async (issuer: string, clientId: string): Promise<void> => {
  const discovery = await discover(issuer);
  const verifier = randomText();
  const state = randomText();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING_STORAGE, JSON.stringify({ verifier, state, clientId, tokenEndpoint: discovery.token_endpoint }));
  window.location.assign(authorizationUrl(discovery.authorization_endpoint, clientId, redirectUri(), challenge, state));
};

/** On return from the issuer (`?code=…&state=…`): exchanges the code for an access token; null when not returning. */
export const finishOidcSignIn = async (): Promise<string | null> => {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  const pending = sessionStorage.getItem(PENDING_STORAGE);
  if (code === null || pending === null) return null;
  sessionStorage.removeItem(PENDING_STORAGE);
  window.history.replaceState(null, '', window.location.pathname);
  const { verifier, state, clientId, tokenEndpoint } = JSON.parse(pending) as { verifier: string; state: string; clientId: string; tokenEndpoint: string };
  if (params.get('state') !== state) throw new Error('the sign-in answer does not match the request (state)');
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri(), client_id: clientId, code_verifier: verifier });
  const response = await fetch(tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  if (!response.ok) throw new Error(`the issuer refused the sign-in (${response.status})`);
  const { access_token: accessToken } = (await response.json()) as { access_token?: string };
  if (typeof accessToken !== 'string') throw new Error('the issuer answered without an access token');
  return accessToken;
};
