import { fileName, frameName, ProfileIndex, type CpuProfile } from '../../bench/support/cpu-profile';

const ROOT = '/repo';
const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

/**
 * A tiny profile: main calls settle and parse; settle calls hash; node_modules code is called by
 * parse. Ten samples: main 1, settle 2, hash 4, parse 1, the package 2.
 */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2] },
    { id: 2, callFrame: frame('main', 'file:///repo/bench/main.ts', 9), children: [3, 5] },
    { id: 3, callFrame: frame('settle', 'file:///repo/src/domain/policy/settlement.ts', 19), children: [4] },
    { id: 4, callFrame: frame('hash', 'file:///repo/src/event-store/hash-chain.ts', 31) },
    { id: 5, callFrame: frame('parse', 'file:///repo/src/domain/money.ts', 15), children: [6] },
    { id: 6, callFrame: frame('', 'file:///repo/node_modules/@scope/pkg/lib/index.js', 0) },
  ],
  samples: [2, 3, 3, 4, 4, 4, 4, 5, 6, 6],
};

const index = new ProfileIndex(profile, ROOT);

describe('reading a CPU profile', () => {
  it('names frames by function, file relative to the repository and 1-based line, packages as nm:', () => {
    expect(frameName(frame('settle', 'file:///repo/src/a.ts', 19), ROOT)).toBe('settle src/a.ts:20');
    expect(frameName(frame('', 'file:///repo/node_modules/pkg/x.js', 0), ROOT)).toBe('(anonymous) nm:pkg/x.js:1');
    expect(fileName(frame('', 'file:///repo/node_modules/@scope/pkg/lib/index.js'), ROOT)).toBe('nm:@scope/pkg');
    expect(fileName(frame('(garbage collector)', ''), ROOT)).toBe('(garbage collector)');
    expect(frameName(frame('(garbage collector)', '', -1), ROOT)).toBe('(garbage collector)');
  });

  it('gives self time by function and by file, largest first, as shares of all samples', () => {
    expect(index.selfTime(2)).toEqual([
      { name: 'hash src/event-store/hash-chain.ts:32', percent: 40 },
      { name: 'settle src/domain/policy/settlement.ts:20', percent: 20 },
    ]);
    expect(index.byFile(10).map((share) => [share.name, share.percent])).toContainEqual(['nm:@scope/pkg', 20]);
  });

  it('counts a stack once under each matching function, however many of them it holds', () => {
    expect(index.inclusive(/^main /, 5)).toEqual([{ name: 'main bench/main.ts:10', percent: 100 }]);
    expect(index.inclusive(/settle|hash/, 5)).toEqual([
      { name: 'settle src/domain/policy/settlement.ts:20', percent: 60 },
      { name: 'hash src/event-store/hash-chain.ts:32', percent: 40 },
    ]);
  });

  it('shows who called a function and what a function spent its time on', () => {
    expect(index.callers(/^hash /, 2, 5)).toEqual([
      { name: 'hash src/event-store/hash-chain.ts:32 <- settle src/domain/policy/settlement.ts:20 <- main bench/main.ts:10', percent: 40 },
    ]);
    expect(index.children(/^main /, 5)).toEqual([
      { name: 'settle src/domain/policy/settlement.ts:20', percent: 60 },
      { name: 'parse src/domain/money.ts:16', percent: 30 },
      { name: '(self)', percent: 10 },
    ]);
  });
});
