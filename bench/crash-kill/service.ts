import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * The service under test, as an operator runs it: `node dist/main.js` (build it first), with its own
 * data directory and port, killed with SIGKILL and started again. Also the CLI on the same directory.
 */

export const REPO = join(__dirname, '..', '..');
/** Start-up verification walks the whole store after a crash; on a busy two-core machine that took up to 20 s. */
const START_MS = 120_000;
const POLL_MS = 200;
const CLI_TIMEOUT_MS = 300_000;

export interface ServiceOptions {
  readonly dataDir: string;
  readonly port: number;
}

export class Service {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  /** The output of the current process, for the error when it does not start. */
  private output = '';

  constructor(private readonly options: ServiceOptions) {}

  get base(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  /** Starts the service and resolves once `GET /health` answers 200 (every check up, start-up verification passed). */
  async start(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, [join(REPO, 'dist', 'main.js')], {
      env: {
        ...process.env,
        DATA_DIR: this.options.dataDir,
        PORT: String(this.options.port),
        // The load comes from one principal; the per-principal limits would refuse most of it.
        RATE_LIMIT_PER_MINUTE: '1000000',
        FEEDER_RATE_LIMIT_PER_MINUTE: '1000000',
        LOG_LEVEL: 'warn',
        // Small enough that the region-wide reassessments run on the reassessment threads too.
        REASSESSMENT_THREADS_MIN_PERSON_YEARS: '100',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child = child;
    this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + START_MS;
    // Bounded by the deadline.
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the service exited at start (${child.exitCode}):\n${this.output.slice(-3000)}`);
      if (await this.healthy()) return;
      if (Date.now() > deadline) throw new Error(`the service was not healthy within ${START_MS} ms:\n${this.output.slice(-3000)}`);
      await sleep(POLL_MS);
    }
  }

  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = null;
  }

  /** Runs the CLI on the service's data directory; its exit code and output. */
  cli(...args: string[]): { readonly code: number; readonly out: string } {
    try {
      const out = execFileSync(process.execPath, [join(REPO, 'dist', 'cli', 'main.js'), ...args], {
        env: { ...process.env, DATA_DIR: this.options.dataDir, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: CLI_TIMEOUT_MS,
      });
      return { code: 0, out };
    } catch (error) {
      const failed = error as { status?: number; stdout?: string; stderr?: string };
      return { code: failed.status ?? -1, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
  }

  private async healthy(): Promise<boolean> {
    try {
      return (await fetch(`${this.base}/health`)).status === 200;
    } catch {
      return false;
    }
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
