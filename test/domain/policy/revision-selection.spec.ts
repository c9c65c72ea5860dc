import { selectRevision } from '../../../src/domain/policy/revision-selection';
import { publish } from './fixtures/builders';
import { fumengPack, fumengPack2022 } from './fixtures/fumeng.pack';
import { hezePack } from './fixtures/heze.pack';

const fumeng2022 = publish(fumengPack2022);
const fumeng2023 = publish(fumengPack);
const heze = publish(hezePack);
const correction = publish({ ...fumengPack, revision: '2023-01-01-c1', corrects: '2023-01-01' });

describe('selectRevision', () => {
  it.each([
    ['the 2022 revision on its last day (Fumeng §二(一)3: 70% until 2022-12)', '2022-12-31', '2022-01-01'],
    ['the 2023 revision from its first day (75% from 2023-01)', '2023-01-01', '2023-01-01'],
    ['the open-ended 2023 revision years later', '2030-06-01', '2023-01-01'],
  ])('picks %s', (_name, date, revision) => {
    expect(selectRevision([fumeng2022, fumeng2023, heze], 'fumeng', date)?.ref.revision).toBe(revision);
  });

  it('picks the latest published of several revisions covering the date (a correction)', () => {
    expect(selectRevision([fumeng2022, fumeng2023, correction], 'fumeng', '2023-03-01')?.ref.revision).toBe('2023-01-01-c1');
    expect(selectRevision([fumeng2022, correction, fumeng2023], 'fumeng', '2023-03-01')?.ref.revision).toBe('2023-01-01');
  });

  it('returns null before the first revision and for an unknown region', () => {
    expect(selectRevision([fumeng2022, fumeng2023], 'fumeng', '2021-12-31')).toBeNull();
    expect(selectRevision([fumeng2022, fumeng2023], 'heze', '2023-03-01')).toBeNull();
  });
});
