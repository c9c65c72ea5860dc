import { join } from 'node:path';
import { parseOptions } from '../../bench/main';
import { MEASUREMENTS } from '../../bench/bench-scale';

describe('npm run bench options', () => {
  it('runs every measurement at the small scale by default', () => {
    expect(parseOptions([])).toEqual({ scale: 'small', only: [...MEASUREMENTS], resultsDir: join(__dirname, '..', '..', 'bench', 'results'), largePersons: null });
  });

  it('reads the scale, the measurements, the results directory and the larger population', () => {
    expect(parseOptions(['--scale', 'full', '--only', 'settle, reassess', '--results-dir=/tmp/out', '--large-persons', '850000'])).toEqual({
      scale: 'full',
      only: ['settle', 'reassess'],
      resultsDir: '/tmp/out',
      largePersons: 850_000,
    });
  });

  it.each([
    [['--scale', 'huge'], /--scale.*Allowed choices are small, full/],
    [['--only', 'settle,teleport'], /unknown measurement\(s\) teleport/],
    [['--large-persons', '0'], /whole number from 1 to 5000000/],
    [['--large-persons', '1.5'], /whole number from 1 to 5000000/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
  ])('refuses %j, naming the option and the rule', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(message);
  });
});
