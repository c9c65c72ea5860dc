import { useEffect, useState } from 'preact/hooks';
import { useText } from '../context';
import { formatInstant, fromLocalInput, isIsoDate, localToday, toLocalInput } from '../model/time';

/**
 * The two questions of a person page: which identities were valid on a day (asOf, effective time),
 * and what the ledger had recorded by a moment (asAt, recorded time). Both live in the URL; "latest"
 * clears asAt. Applying is explicit, so a half-typed date never fires a request.
 */
export const TimeControls = ({
  asOf,
  asAt,
  showAsOf = true,
  onChange,
}: {
  readonly asOf: string | null;
  readonly asAt: string | null;
  readonly showAsOf?: boolean;
  readonly onChange: (next: { readonly asOf: string | null; readonly asAt: string | null }) => void;
}) => {
  const { t } = useText();
  const [asOfText, setAsOfText] = useState(asOf ?? '');
  const [asAtText, setAsAtText] = useState(asAt ? toLocalInput(asAt) : '');
  const [problem, setProblem] = useState<string | null>(null);
  // The URL is the truth: back/forward or a link updates the inputs.
  useEffect(() => setAsOfText(asOf ?? ''), [asOf]);
  useEffect(() => setAsAtText(asAt ? toLocalInput(asAt) : ''), [asAt]);

  const apply = (event: Event): void => {
    event.preventDefault();
    const nextAsOf = asOfText.trim() === '' ? null : asOfText.trim();
    if (nextAsOf !== null && !isIsoDate(nextAsOf)) return setProblem(`${t('time.asOf')}: ${asOfText}`);
    const nextAsAt = asAtText.trim() === '' ? null : fromLocalInput(asAtText.trim());
    if (asAtText.trim() !== '' && nextAsAt === null) return setProblem(`${t('time.asAt')}: ${asAtText}`);
    setProblem(null);
    onChange({ asOf: nextAsOf, asAt: nextAsAt });
  };

  return (
    <form class={`time-controls${asAt ? ' is-past' : ''}`} onSubmit={apply} aria-label={`${t('time.asOf')} / ${t('time.asAt')}`}>
      {showAsOf ? (
        <label class="control">
          <span class="control-label">{t('time.asOf')}</span>
          <input type="date" name="asOf" value={asOfText} onInput={(event) => setAsOfText(event.currentTarget.value)} title={t('time.asOfHint')} />
          <button type="button" class="link-button" onClick={() => setAsOfText(localToday())}>
            {t('time.today')}
          </button>
        </label>
      ) : null}
      <label class="control">
        <span class="control-label">{t('time.asAt')}</span>
        <input type="datetime-local" name="asAt" step={1} value={asAtText} onInput={(event) => setAsAtText(event.currentTarget.value)} title={t('time.asAtHint')} />
        <button
          type="button"
          class="link-button"
          onClick={() => {
            setAsAtText('');
            onChange({ asOf: asOfText.trim() === '' ? null : asOfText.trim(), asAt: null });
          }}
        >
          {t('time.now')}
        </button>
      </label>
      <button type="submit" class="button" name="apply">
        {t('time.apply')}
      </button>
      <p class={`time-banner${asAt ? ' past' : ''}`} data-testid="time-banner">
        {asAt ? t('time.viewingPast', { asAt: formatInstant(asAt) }) : t('time.viewingNow')}
      </p>
      {problem ? (
        <p class="notice notice-error" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
};
