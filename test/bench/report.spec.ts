import { Report } from '../../bench/support/report';

describe('Report: figures set against the anchors\' limits', () => {
  it('given the raw read limit of the run, when a rebuild is set against it, then it reports where the rebuild and its target stand', () => {
    const report = new Report();
    report.setLimit('raw read', 40_000);

    report.againstLimit('raw read', { label: 'rebuild', value: 16_000 }, 200_000, 'events/s');

    expect(report.ratios.map(({ label, value }) => [label, value])).toEqual([
      ['rebuild: ours / limit raw read', 0.4],
      ['rebuild: target / limit raw read', 5],
    ]);
  });

  it('given no anchors in the run (--only), when a figure is set against a limit, then nothing is reported', () => {
    const report = new Report();

    report.againstLimit('raw append batched', { label: 'settle', value: 2_000 }, 20_000, 'claims/s');

    expect(report.ratios).toEqual([]);
  });
});
