import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { ProfileIndex, type CpuProfile, type Share } from './support/cpu-profile';

/**
 * `ts-node --transpile-only bench/read-profile.ts FILE.cpuprofile [options]`: where a CPU profile's
 * time went. With no option, self time by function and by file or package; `--inclusive RE`, time
 * under the functions matching RE; `--callers RE`, who called them; `--children RE`, what they
 * spent it on. Functions are named "function file:line" (node_modules as `nm:`), which RE matches.
 */

const positive = (text: string): number => {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError('a whole number of at least 1');
  return value;
};

const pattern = (text: string): RegExp => {
  try {
    return new RegExp(text);
  } catch {
    throw new InvalidArgumentError('a regular expression');
  }
};

const shown = (re: RegExp): string => re.source.replaceAll('\\/', '/');

const print = (title: string, shares: readonly Share[]): void => {
  process.stdout.write(`--- ${title}\n`);
  for (const share of shares) process.stdout.write(`${share.percent.toFixed(1).padStart(5)}% ${share.name}\n`);
};

interface ReadOptions {
  readonly top: number;
  readonly depth: number;
  readonly inclusive?: RegExp;
  readonly callers?: RegExp;
  readonly children?: RegExp;
}

const program = new Command('read-profile')
  .argument('<file>', 'a .cpuprofile file')
  .option('--top <n>', 'rows per view', positive, 40)
  .option('--inclusive <re>', 'time under the functions matching RE', pattern)
  .option('--callers <re>', 'the callers of the functions matching RE', pattern)
  .option('--depth <n>', 'callers shown above each function (with --callers)', positive, 4)
  .option('--children <re>', 'what the first function matching RE on each stack spent its time on', pattern)
  .action((file: string, options: ReadOptions) => {
    const index = new ProfileIndex(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    process.stdout.write(`${index.samples} samples\n`);
    if (options.inclusive) print(`inclusive ${shown(options.inclusive)}`, index.inclusive(options.inclusive, options.top));
    if (options.callers) print(`callers of ${shown(options.callers)}`, index.callers(options.callers, options.depth, options.top));
    if (options.children) print(`under ${shown(options.children)}`, index.children(options.children, options.top));
    if (!options.inclusive && !options.callers && !options.children) {
      print('self time by function', index.selfTime(options.top));
      print('self time by file or package', index.byFile(options.top));
    }
  });

program.parse();
