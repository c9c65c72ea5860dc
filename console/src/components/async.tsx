import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { useText } from '../context';
import type { MessageKey } from '../i18n/messages';

/**
 * Loading, error and empty states, said in words. A page hands a loader and its inputs; a change of
 * inputs cancels the request in flight, so a slow old answer never overwrites a newer view.
 */

export type AsyncState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'ready'; readonly data: T };

export const useAsync = <T,>(load: (signal: AbortSignal) => Promise<T>, inputs: readonly unknown[]): AsyncState<T> & { reload(): void } => {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
    // The loader closes over the same inputs; listing them is what decides a reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...inputs, attempt]);
  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  return { ...state, reload };
};

const ERROR_KEYS: Readonly<Record<string, MessageKey>> = {
  network: 'state.network',
  unauthorized: 'state.unauthorized',
  forbidden: 'state.forbidden',
  'not-found': 'state.notFound',
  'bad-request': 'state.badRequest',
  server: 'state.server',
};

export const ErrorMessage = ({ error, onRetry }: { readonly error: unknown; readonly onRetry?: () => void }) => {
  const { t } = useText();
  const text =
    error instanceof ApiError
      ? t(ERROR_KEYS[error.kind] ?? 'state.error', { message: error.code ? `${error.message} (${error.code})` : error.message, status: error.status })
      : t('state.error', { message: error instanceof Error ? error.message : String(error) });
  return (
    <div class="notice notice-error" role="alert" data-state="error">
      <span>{text}</span>
      {/* Retrying cannot find what is not there; every other failure may pass. */}
      {onRetry && !(error instanceof ApiError && error.kind === 'not-found') ? (
        <button type="button" class="link-button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      ) : null}
    </div>
  );
};

export const Loading = () => {
  const { t } = useText();
  return (
    <div class="notice notice-loading" role="status" aria-live="polite" data-state="loading">
      <span class="spinner" aria-hidden="true" />
      {t('state.loading')}
    </div>
  );
};

export const Empty = ({ message }: { readonly message?: string }) => {
  const { t } = useText();
  return (
    <div class="notice notice-empty" data-state="empty">
      {message ?? t('state.empty')}
    </div>
  );
};

/** Renders a state: loading, error (with retry), empty when `isEmpty` says so, else the children. */
export const Async = <T,>({
  state,
  children,
  isEmpty,
  emptyMessage,
}: {
  readonly state: AsyncState<T> & { reload(): void };
  readonly children: (data: T) => ComponentChildren;
  readonly isEmpty?: (data: T) => boolean;
  readonly emptyMessage?: string;
}) => {
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={state.reload} />;
  if (isEmpty?.(state.data)) return <Empty {...(emptyMessage === undefined ? {} : { message: emptyMessage })} />;
  return <>{children(state.data)}</>;
};
