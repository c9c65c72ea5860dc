import { join } from 'node:path';
import { loadPackFile } from '../../src/policy-packs/load-pack';

/** Heze's shipped pack, revision 2022-05-01 (低保 assistance at 0.70). */
export const heze = loadPackFile(join(__dirname, '..', '..', 'policies', 'heze', '2022-05-01.yaml'));

/** The correction the HTTP tests publish: revision 2022-05-01-c1, correcting 2022-05-01, with 低保 assistance at 0.75. */
export const hezeSubsistenceAt75 = {
  ...heze.pack,
  revision: '2022-05-01-c1',
  corrects: '2022-05-01',
  assistance: {
    ...heze.pack.assistance,
    categories: { ...heze.pack.assistance.categories, SUBSISTENCE: { ...heze.pack.assistance.categories.SUBSISTENCE, ratio: '0.75' } },
  },
};
