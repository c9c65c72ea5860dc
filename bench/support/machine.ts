import { cpus, totalmem, release, platform, loadavg } from 'node:os';
import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * What the figures were measured on. A throughput means nothing without the machine, and on a shared
 * machine the load average at the start says how noisy the run may have been.
 */
export interface MachineInfo {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
  readonly sqlite: string;
  readonly loadAverageAtStart: readonly number[];
  readonly tempDir: string;
  readonly tempDirFreeGiB: number | null;
}

export const describeMachine = (sqliteVersion: string): MachineInfo => {
  const cpuList = cpus();
  return {
    cores: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    os: `${platform()} ${release()}`,
    sqlite: sqliteVersion,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
    tempDir: tmpdir(),
    tempDirFreeGiB: freeGiB(tmpdir()),
  };
};

const freeGiB = (path: string): number | null => {
  try {
    const stats = statfsSync(path);
    return Math.round((stats.bavail * stats.bsize) / 1024 ** 3);
  } catch {
    return null;
  }
};
