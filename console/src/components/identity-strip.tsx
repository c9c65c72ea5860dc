import type { TimelineEntry, ValidityInterval } from '../api/person-types';
import { useText } from '../context';
import { positionOf, stripAxis, stripRows } from '../model/timeline-strip';

const percent = (fraction: number): string => `${(fraction * 100).toFixed(3)}%`;

/**
 * The identity timeline as a strip: one row per category; bars are validity intervals in effective
 * time; the hatched part of a bar is what was recognised retroactively (before the day it was
 * recorded); ▼ marks the days changes were recorded; the vertical line is asOf.
 */
export const IdentityStrip = ({
  intervals,
  entries,
  asOf,
  today,
}: {
  readonly intervals: readonly ValidityInterval[];
  readonly entries: readonly TimelineEntry[];
  readonly asOf: string | null;
  readonly today: string;
}) => {
  const { t, category } = useText();
  const axis = stripAxis(intervals, entries, asOf ?? today);
  const rows = stripRows(intervals, entries, axis);
  const yearWidth = 1 / axis.yearStarts.length;
  return (
    <div class="strip" role="group" aria-label={t('person.timeline')} data-testid="identity-strip">
      <div class="strip-row strip-axis" aria-hidden="true">
        <div class="strip-label" />
        <div class="strip-track">
          {axis.yearStarts.map((start) => (
            <span class="strip-year" style={{ left: percent(positionOf(axis, start)), width: percent(yearWidth) }}>
              {start.slice(0, 4)}
            </span>
          ))}
        </div>
      </div>
      {rows.map((row) => (
        <div class="strip-row" data-category={row.category}>
          <div class="strip-label">
            <span class="category-name">{category(row.category)}</span>
            <code class="category-code">{row.category}</code>
          </div>
          <div class="strip-track">
            {axis.yearStarts.map((start) => (
              <span class="strip-gridline" style={{ left: percent(positionOf(axis, start)) }} />
            ))}
            {row.bars.map((bar) => (
              <span
                class={`strip-bar${bar.open ? ' open' : ''}`}
                data-valid-from={bar.validFrom}
                data-valid-to={bar.validTo ?? ''}
                style={{ left: percent(bar.start), width: percent(Math.max(bar.end - bar.start, 0.004)) }}
                title={`${category(row.category)}: ${bar.validFrom} – ${bar.validTo ?? t('identity.open')}`}
              />
            ))}
            {row.retroactive.map((mark) => (
              <span
                class={`strip-retro ${mark.change}`}
                data-testid="retroactive-mark"
                style={{ left: percent(mark.start), width: percent(Math.max(mark.end - mark.start, 0.004)) }}
                title={`${t('identity.retroactive')}: ${mark.validFrom} … ${t('identity.recordedOn')} ${mark.recordedOn}`}
              />
            ))}
            {row.recorded.map((at) => (
              <span class="strip-recorded" style={{ left: percent(at) }} aria-hidden="true">
                ▼
              </span>
            ))}
            {asOf ? <span class="strip-asof" style={{ left: percent(positionOf(axis, asOf)) }} title={`asOf ${asOf}`} /> : null}
          </div>
        </div>
      ))}
    </div>
  );
};
