import { join } from 'node:path';
import { loadPackFile } from '../../src/policy-packs/load-pack';
import { csvForm, nationalIdOf, runPool, type Answer, type Client } from './client';
import { REPO } from './service';

/**
 * The load: what the service is doing when it is killed. Every operation runs until it is done or
 * the round stops it; what it was answered is recorded on the client, and what was cut off is kept
 * here so that the round can re-run it after the restart.
 */

export type Operation = 'claims' | 'identities' | 'import' | 'reassess';

export const IMPORT_ROWS = 3000;
const CLAIM_CALLERS = 48;
const REGISTRATION_CALLERS = 24;
const READ_CALLERS = 8;
const ROSTER_ROWS = 120;
/** A bound on the requests of one round; the kill comes long before. */
const ROUND_REQUESTS_MAX = 100_000;

/** `2023-MM-DD` spread over the year. */
const dateOf = (index: number): string => `2023-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}`;

const claimBody = (claimId: string, personId: string, date: string, total: string) => ({
  claimId,
  personId,
  kind: 'INPATIENT',
  admissionDate: date,
  dischargeDate: date,
  hospitalLevel: 'SECONDARY',
  location: 'IN_COUNTY',
  costs: { total },
});

export class Load {
  readonly persons: string[] = [];
  /** Claims sent and not answered (the kill cut them off): retried with the same key after the restart. */
  readonly unansweredClaims = new Map<string, ReturnType<typeof claimBody>>();
  roster: { readonly csv: string; answered: Answer | null } | null = null;
  claimsImport: { readonly round: number; readonly csv: string; answered: Answer | null } | null = null;
  reassessment: { readonly body: Record<string, unknown>; answered: Answer | null } | null = null;
  private claimSeq = 0;
  private personSeq = 0;
  private nationalSeq = 1;
  private corrections = 0;

  constructor(
    private readonly client: Client,
    private readonly random: () => number,
  ) {}

  /** Registers, recognises 低保 and enrolls for 2023; with personal data for every fourth person. */
  async register(personId: string, withPersonalData: boolean): Promise<boolean> {
    const steps: Array<[string, string, unknown]> = [
      ['register', '/persons', { personId, region: 'heze', scheme: 'RESIDENT' }],
      ['identity', `/persons/${personId}/identities`, { category: 'SUBSISTENCE', validFrom: '2023-01-01', source: { department: 'CIVIL_AFFAIRS', document: '低保名册 2023-01' } }],
      ['enroll', `/persons/${personId}/enrollments`, { year: 2023, contribution: '380', enrolledOn: '2022-11-20' }],
    ];
    for (const [what, path, body] of steps) {
      const answer = await this.client.request('POST', path, body);
      if (answer.status >= 300) return false;
      this.client.acknowledge(what, answer);
    }
    if (withPersonalData) {
      const nationalId = nationalIdOf(this.nationalSeq);
      this.nationalSeq += 1;
      const answer = await this.client.request('PUT', `/persons/${personId}/personal-data`, { name: `测试${personId.slice(-4)}`, nationalId });
      if (answer.status === 204) this.client.personalData.set(personId, nationalId);
    }
    return true;
  }

  async setUp(persons: number): Promise<void> {
    await runPool(persons, REGISTRATION_CALLERS, async (index) => {
      const personId = `k-base-p${index}`;
      if (await this.register(personId, index % 4 === 0)) this.persons.push(personId);
    }, () => false);
  }

  run(operation: Operation, round: number, stopped: () => boolean): Promise<unknown> {
    if (operation === 'claims') return this.claims(round, stopped);
    if (operation === 'identities') return Promise.all([this.rosterImport(round), this.registrations(round, stopped)]);
    if (operation === 'import') return this.importClaims(round);
    return this.reassess(round);
  }

  /** Reads of persons' data, each recorded in the access log before it is answered. */
  reads(stopped: () => boolean): Promise<void> {
    return runPool(ROUND_REQUESTS_MAX, READ_CALLERS, async () => {
      const withData = [...this.client.personalData.keys()];
      const personId = withData.length > 0 && this.random() < 0.5 ? withData[Math.floor(this.random() * withData.length)]! : this.anyPerson();
      const kind = this.random();
      const what = kind < 0.4 && this.client.personalData.has(personId) ? 'personal-data' : kind < 0.7 ? 'timeline' : 'usage';
      const path = what === 'personal-data' ? `/persons/${personId}/personal-data` : what === 'timeline' ? `/persons/${personId}/timeline` : `/persons/${personId}/years/2023/usage`;
      const answer = await this.client.request('GET', path);
      if (answer.status === 200) this.client.countRead(personId, what);
    }, stopped);
  }

  rosterForm(csv: string): Promise<Answer> {
    return this.client.request('POST', '/imports/identities?region=heze', csvForm('roster.csv', csv));
  }

  claimsImportForm(csv: string): Promise<Answer> {
    return this.client.request('POST', '/imports/claims', csvForm('claims.csv', csv));
  }

  private anyPerson(): string {
    return this.persons[Math.floor(this.random() * this.persons.length)]!;
  }

  private claims(round: number, stopped: () => boolean): Promise<void> {
    return runPool(ROUND_REQUESTS_MAX, CLAIM_CALLERS, async () => {
      this.claimSeq += 1;
      const claimId = `r${round}-c${this.claimSeq}`;
      const body = claimBody(claimId, this.anyPerson(), dateOf(this.claimSeq), String(500 + Math.floor(this.random() * 20_000)));
      this.unansweredClaims.set(claimId, body);
      const answer = await this.client.request('POST', '/claims', body, { 'idempotency-key': claimId });
      this.unansweredClaims.delete(claimId);
      this.client.acknowledge('claim', answer);
    }, stopped);
  }

  private registrations(round: number, stopped: () => boolean): Promise<void> {
    return runPool(ROUND_REQUESTS_MAX, REGISTRATION_CALLERS, async () => {
      this.personSeq += 1;
      await this.register(`k-r${round}-p${this.personSeq}`, true);
    }, stopped);
  }

  /** A department's roster naming known persons: recognitions that reassess their settled claims. */
  private async rosterImport(round: number): Promise<void> {
    const lines = ['人员编号,类别,认定日期,有效期止,文号,认定部门'];
    const category = round % 2 === 1 ? '特困人员' : '低保';
    for (let row = 0; row < Math.min(this.persons.length, ROSTER_ROWS); row += 1) {
      lines.push(`${this.persons[(row * 7 + round) % this.persons.length]},${category},2023-0${1 + (round % 8)}-01,,菏民发〔2023〕${round}号,民政局`);
    }
    const roster: { csv: string; answered: Answer | null } = { csv: lines.join('\n'), answered: null };
    this.roster = roster;
    roster.answered = await this.rosterForm(roster.csv).catch(() => null);
  }

  /** A hospital's settlement export of IMPORT_ROWS claims, new ids every round. */
  private async importClaims(round: number): Promise<void> {
    const lines = ['结算单号,人员编号,医疗类别,入院日期,出院日期,医院等级,就医地,医疗总费用'];
    for (let row = 0; row < IMPORT_ROWS; row += 1) {
      lines.push(`IMP-${round}-${row},${this.persons[row % this.persons.length]},住院,${dateOf(row)},${dateOf(row)},二级,县域内,${800 + (row % 37) * 311}.00`);
    }
    const claimsImport: { round: number; csv: string; answered: Answer | null } = { round, csv: lines.join('\n'), answered: null };
    this.claimsImport = claimsImport;
    claimsImport.answered = await this.claimsImportForm(claimsImport.csv).catch(() => null);
  }

  /** Publishes the next correction of Heze's pack (低保 assistance 0.75, then 0.70 …), then reassesses the region's 2023. */
  private async reassess(round: number): Promise<void> {
    const heze = loadPackFile(join(REPO, 'policies', 'heze', '2022-05-01.yaml')).pack;
    this.corrections += 1;
    const n = this.corrections;
    const ratio = n % 2 === 1 ? '0.75' : '0.70';
    const subsistence = { ...heze.assistance.categories.SUBSISTENCE, ratio };
    const pack = { ...heze, revision: `2022-05-01-k${n}`, corrects: n === 1 ? '2022-05-01' : `2022-05-01-k${n - 1}`, assistance: { ...heze.assistance, categories: { ...heze.assistance.categories, SUBSISTENCE: subsistence } } };
    const published = await this.client.request('POST', '/policies', { pack, reason: `crash-kill correction ${n}` });
    if (published.status !== 201) throw new Error(`publishing the correction: ${published.status} ${published.text.slice(0, 500)}`);
    const body = { scope: { region: 'heze', from: '2023-01-01', to: '2023-12-31' }, reason: `revision ${pack.revision}`, correctionId: correctionIdOf(round) };
    const reassessment: { body: Record<string, unknown>; answered: Answer | null } = { body, answered: null };
    this.reassessment = reassessment;
    reassessment.answered = await this.client.request('POST', '/reassessments', body).catch(() => null);
    if (reassessment.answered) this.client.acknowledge('reassess', reassessment.answered);
  }
}

export const correctionIdOf = (round: number): string => `corr-k${round}`;
