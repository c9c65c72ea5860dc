import { cliPrincipalOf } from './cli-principal';
import { reassessCommand } from './reassess.command';

describe('the principal the CLI records for what it writes and exports', () => {
  it.each([
    [{ USER: 'wang.li' }, 'cli:wang.li'],
    [{ USER: 'svc_ybj-01' }, 'cli:svc_ybj-01'],
    [{}, 'cli:operator'],
    [{ USER: '  ' }, 'cli:operator'],
  ])('takes %j as %s', (env, principal) => {
    expect(cliPrincipalOf(env)).toEqual({ principal });
  });

  it.each([
    ['a 身份证号', '11010519491231002X', 'must not hold a 身份证号'],
    ['a mobile number', 'u13800138000', 'must not hold a 身份证号 or a mobile number'],
    ['a space', 'wang li', 'must be a login name'],
    ['a right-to-left override', 'admin\u202e', 'must be a login name'],
    ['a name of 65 characters', 'a'.repeat(65), 'must be a login name'],
  ])('refuses a USER holding %s, naming the variable and not echoing it', (_case, user, rule) => {
    const answer = cliPrincipalOf({ USER: user });
    expect(answer).toEqual({ problem: expect.stringContaining(`USER ${rule}`) });
    expect(JSON.stringify(answer)).not.toContain(user);
  });

  it('stops a command before it opens the store (exit 2)', async () => {
    const stderr: string[] = [];
    const output = { stdout: () => undefined, stderr: (text: string) => stderr.push(text), interactive: false };
    const options = { region: 'heze', from: '2023-01-01', to: '2023-12-31', reason: 'r', dryRun: true };
    expect(await reassessCommand(options, { USER: '13800138000', DATA_DIR: '/nonexistent/never-opened' }, output)).toBe(2);
    expect(stderr.join('')).toMatch(/^USER must not hold/);
  });
});
