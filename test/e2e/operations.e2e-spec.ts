import { Logger } from '@nestjs/common';
import { Workbook } from 'exceljs';
import { startTestApp, type TestApp } from '../support/app-harness';
import { fixture } from '../operations/import-fixtures';
import { OperationsJournal } from '../../src/operations/operations-journal';

/**
 * The HTTP edges of issue 15 on the embedded store: a roster upload (dry run, then real, then again),
 * a claims upload, and the early-warning export downloaded as XLSX. No personal-data store is wired
 * into the service yet, so rows naming a person by 身份证号 are refused row by row, saying so.
 */
const ROSTER = ['人员编号,姓名,类别,认定日期,有效期止,文号,认定部门', 'op-1,甲,低保,2023-01-01,,阜民发〔2023〕1号,民政', 'op-2,乙,低保边缘家庭成员,2023/6/1,,阜民发〔2023〕1号,民政', ''].join('\n');

describe('imports and exports over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    for (const personId of ['op-1', 'op-2']) await app.http.post('/persons').send({ personId, region: 'fumeng', scheme: 'RESIDENT' }).expect(201);
    await app.http.post('/persons/op-2/enrollments').send({ year: 2023, contribution: '380.00', enrolledOn: '2022-12-05' }).expect(201);
  });
  afterAll(async () => app.close());

  const upload = (path: string, content: Buffer, name: string) => app.http.post(path).attach('file', content, name);

  it('dry-runs a roster, records it, and appends nothing the second time', async () => {
    const dry = await upload('/imports/identities?region=fumeng&dryRun=true', Buffer.from(ROSTER), 'roster.csv').expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, department: 'CIVIL_AFFAIRS', counts: { recognize: 2, error: 0 }, appended: 0 });
    const real = await upload('/imports/identities?region=fumeng', Buffer.from(ROSTER), 'roster.csv').expect(200);
    expect(real.body).toMatchObject({ dryRun: false, appended: 2 });
    const again = await upload('/imports/identities?region=fumeng', Buffer.from(ROSTER), 'roster.csv').expect(200);
    expect(again.body).toMatchObject({ appended: 0, counts: { unchanged: 2 } });
  });

  it('answers the error report as CSV, and refuses a request without a file or region, naming the field', async () => {
    const report = await upload('/imports/identities?region=heze&format=csv&dryRun=true', fixture('roster-heze-2023-01.gbk.csv'), 'r.csv').expect(200);
    expect(report.headers['content-type']).toMatch(/^text\/csv/);
    expect(report.text).toContain('is not registered with the personal-data store');
    expect((await app.http.post('/imports/identities?region=heze').expect(400)).body.message).toEqual(['file: a non-empty multipart field "file" is required']);
    const misnamed = await app.http.post('/imports/identities?region=heze').attach('roster', Buffer.from(ROSTER), 'r.csv').expect(400);
    expect(misnamed.body.message).toEqual(['file: a non-empty multipart field "file" is required']);
    expect((await upload('/imports/identities', Buffer.from(ROSTER), 'r.csv').expect(400)).body.message[0]).toMatch(/^region: is required/);
  });

  it('answers a roster row naming a person of another region exactly like one naming an unknown person', async () => {
    // Given Fumeng persons (op-1, op-2), when a registrar limited to Heze uploads a Heze roster naming one of them and an unknown id,
    const roster = ['人员编号,姓名,类别,认定日期,有效期止,文号,认定部门', 'op-1,甲,低保,2023-01-01,,菏民发〔2023〕1号,民政', 'op-nobody,乙,低保,2023-01-01,,菏民发〔2023〕1号,民政', ''].join('\n');
    const report = await app.as('registrar', { regions: ['heze'] }).post('/imports/identities?region=heze&dryRun=true').attach('file', Buffer.from(roster), 'roster.csv').expect(200);
    // then both rows are refused with the same reason, and the report names no other region.
    const [fumengPerson, unknownPerson] = report.body.errors as Array<{ row: number; column: string; reason: string }>;
    expect(report.body.errors).toHaveLength(2);
    expect({ column: fumengPerson!.column, reason: fumengPerson!.reason }).toEqual({ column: unknownPerson!.column, reason: unknownPerson!.reason });
    expect(JSON.stringify(report.body)).not.toContain('fumeng');
  });

  it('refuses a multipart body cut short with 400 naming the field, not 500', async () => {
    // Given a multipart body whose only part never ends (no closing boundary),
    const cutShort = '--xx\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc';
    // when it is uploaded as a roster,
    const refused = await app.as('registrar').post('/imports/identities?region=heze').set('Content-Type', 'multipart/form-data; boundary=xx').send(Buffer.from(cutShort)).expect(400);
    // then the caller is told the upload is malformed.
    expect(refused.body).toMatchObject({ statusCode: 400, message: [expect.stringMatching(/^file: the multipart body is malformed or cut short/)] });
  });

  it('refuses two files in one upload with 400 saying only one is read, not 413', async () => {
    // Given two files in one request, when they are uploaded as a roster,
    const refused = await app.as('registrar').post('/imports/identities?region=fumeng&dryRun=true').attach('file', Buffer.from(ROSTER), 'a.csv').attach('file', Buffer.from(ROSTER), 'b.csv').expect(400);
    // then the caller is told to send one.
    expect(refused.body.message).toEqual([expect.stringMatching(/^file: only one file/)]);
  });

  it('refuses a crafted XLSX with 400 "not a readable XLSX file" and no internal error text', async () => {
    // Given an XLSX whose worksheet has no <worksheet> root (stored uncompressed, so its XML can be edited in place),
    const workbook = new Workbook();
    workbook.addWorksheet('名单').addRow(['人员编号']);
    const stored = Buffer.from(await workbook.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as Parameters<typeof workbook.xlsx.writeBuffer>[0]));
    const crafted = Buffer.from(stored.toString('latin1').replace('<worksheet ', '<worksheeX ').replace('</worksheet>', '</worksheeX>'), 'latin1');
    // when it is uploaded as a roster,
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const refused = await upload('/imports/identities?region=fumeng&dryRun=true', crafted, 'roster.xlsx').expect(400);
      // then the answer says the file cannot be read, and nothing of the JavaScript error behind it, which goes to the log.
      expect(refused.body.message).toEqual(['file: not a readable XLSX file']);
      expect(warnings.mock.calls.map((call) => String(call[0]))).toContainEqual(expect.stringContaining("TypeError: Cannot set properties of undefined (setting 'sheetNo')"));
    } finally {
      warnings.mockRestore();
    }
  });

  it('imports two settlements that raise an alert, and exports it as XLSX', async () => {
    const claims = [
      '结算单号,人员编号,医疗类别,入院日期,出院日期,医院等级,就医地,医疗总费用',
      'FM-1,op-2,住院,2023-05-01,2023-05-10,二级,县域内,30000.00',
      'FM-2,op-2,住院,2023-06-20,2023-07-01,二级,县域内,30000.00',
      '',
    ].join('\n');
    const imported = await upload('/imports/claims', Buffer.from(claims), 'claims.csv').expect(200);
    expect(imported.body).toMatchObject({ counts: { settle: 2, error: 0 } });
    const today = new Date().toISOString().slice(0, 10);
    // An inspector's export: no personal-data column (the harness's default caller holds every role).
    const inspector = app.as('inspector');
    const file = await inspector
      .get(`/exports/early-warnings?region=fumeng&from=${today}&to=${today}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(file.headers['content-disposition']).toContain(`early-warnings-fumeng-${today}-${today}.xlsx`);
    const workbook = new Workbook();
    await workbook.xlsx.load(file.body as ArrayBuffer);
    const sheet = workbook.getWorksheet('预警名单')!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(4).value).toBe('op-2');
    expect((sheet.getRow(1).values as unknown[]).includes('身份证号')).toBe(false);
    // The export is in the access log of the person it listed, beside the single reads.
    const access = await app.as('operator').get('/audit/access').query({ personId: 'op-2' }).expect(200);
    expect(JSON.stringify(access.body)).toContain('early-warning-export');
    // And it is found by the exporter's principal, as the log names it for every read, so asking
    // "what did this credential read" shows the export too (it was recorded as "token:<id>#inspector").
    const { id } = (await inspector.get('/auth/me').expect(200)).body as { id: string };
    const byPrincipal = await app.as('operator').get('/audit/access').query({ principal: id }).expect(200);
    expect(byPrincipal.body.entries).toEqual([expect.objectContaining({ principal: id, personId: 'op-2', what: 'early-warning-export' })]);
  });

  it('refuses a region no revision was published for: a typo is not an empty report, file or roster', async () => {
    // Given a region id that is well formed but unknown to the ledger
    const roster = await upload('/imports/identities?region=fumemg', Buffer.from(ROSTER), 'roster.csv').expect(200);
    // Then the roster import records nothing and says why, the export and the fund report answer 422
    expect(roster.body).toMatchObject({ appended: 0, errors: [expect.objectContaining({ row: 0, reason: expect.stringContaining('no policy revision is published for region "fumemg"') })] });
    expect(app.app.get(OperationsJournal).previousRoster('CIVIL_AFFAIRS', 'fumemg')).toBeNull();
    const exported = await app.as('inspector').get('/exports/early-warnings?region=fumemg&from=2023-01-01&to=2023-12-31&format=csv').expect(422);
    expect(exported.body).toMatchObject({ code: 'UNKNOWN_REGION', message: expect.stringMatching(/^region: /) });
    const funds = await app.as('inspector').get('/reports/funds?region=fumemg').expect(422);
    expect(funds.body).toMatchObject({ code: 'UNKNOWN_REGION', message: expect.stringMatching(/^region: /) });
    await app.as('inspector').get('/reports/funds?region=fumeng').expect(200);
  });
});
