import { Presets, SingleBar } from 'cli-progress';
import type { CommandOutput } from './projections-environment';

/** Told how many units of a long command are done, out of how many (0 first, the total last). */
export type CountProgress = (done: number, total: number) => void;

/**
 * A cli-progress bar on stderr for a command that counts units of work (person-years, rows), drawn
 * only on a terminal: a log file would fill with redraws.
 */
export const countProgressBar = (output: CommandOutput, verb: string, unit: string): CountProgress | undefined => {
  if (!output.interactive) return undefined;
  const bar = new SingleBar({ format: `${verb} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted}`, stream: process.stderr }, Presets.shades_classic);
  return (done, total) => {
    if (done === 0) bar.start(total, 0);
    else bar.update(done);
    if (done === total) bar.stop();
  };
};
