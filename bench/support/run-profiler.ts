import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const SAMPLING_INTERVAL_US = 100;

/**
 * A CPU profile of chosen runs only (`PROFILE_RUNS=correct,real`, written to `PROFILE_DIR`, one
 * `<kind>-<n>.cpuprofile` per run), so that a profile shows the runs measured and not the store's
 * build, the TypeScript loader or the warm-up runs around them.
 */
export class RunProfiler {
  private readonly session = new Session();
  private profiling: string | null = null;
  private count = 0;

  private constructor(private readonly kinds: ReadonlySet<string>, private readonly directory: string) {
    this.session.connect();
  }

  /** The profiler the environment asks for, or null when `PROFILE_RUNS` is unset. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): RunProfiler | null {
    const kinds = (env['PROFILE_RUNS'] ?? '').split(',').map((kind) => kind.trim()).filter((kind) => kind !== '');
    return kinds.length === 0 ? null : new RunProfiler(new Set(kinds), env['PROFILE_DIR'] ?? '.');
  }

  async start(kind: string): Promise<void> {
    if (!this.kinds.has(kind)) return;
    await this.post('Profiler.enable');
    // A run of ~100 ms gives ~100 samples at V8's default 1 ms; 100 µs gives enough to read.
    await this.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await this.post('Profiler.start');
    this.profiling = kind;
  }

  async stop(): Promise<void> {
    if (this.profiling === null) return;
    const { profile } = (await this.post('Profiler.stop')) as { profile: unknown };
    this.count += 1;
    writeFileSync(`${this.directory}/${this.profiling}-${this.count}.cpuprofile`, JSON.stringify(profile));
    this.profiling = null;
  }

  private post(method: string, params: object = {}): Promise<unknown> {
    return new Promise((resolve, reject) => this.session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  }
}
