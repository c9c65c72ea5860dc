/**
 * Reading a V8 CPU profile (`.cpuprofile`, written by `node --cpu-prof`, the inspector, or the
 * bench's `PROFILE_RUNS`): the share of samples spent in each function itself, in each file or
 * package, under a function (inclusive), in the callers of a function and in its callees. Every
 * round of issue 13 wrote these views again by hand; `bench/read-profile.ts` prints them.
 */

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

export interface Share {
  readonly name: string;
  /** Percent of all samples. */
  readonly percent: number;
}

/** How deep a stack is followed: far beyond any real one, so that a malformed profile cannot loop. */
const MAX_STACK_DEPTH = 10_000;

/**
 * "function file:line", the file relative to the repository or as `nm:package/…` inside node_modules
 * (lines 1-based); V8's own frames (the collector, idle, native code) by their name alone.
 */
export const frameName = (frame: CallFrame, root = process.cwd()): string => {
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') return name;
  const file = frame.url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'nm:').replace(`${root}/`, '');
  return `${name} ${file}:${frame.lineNumber + 1}`;
};

/** The package (`nm:name` or `nm:@scope/name`), the file, or the V8 pseudo-frame a frame belongs to. */
export const fileName = (frame: CallFrame, root = process.cwd()): string => {
  const inPackage = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(frame.url);
  if (inPackage) return `nm:${inPackage[1]}`;
  return frame.url === '' ? frame.functionName : frame.url.replace(/^file:\/\//, '').replace(`${root}/`, '');
};

/** A profile indexed for walking stacks from a sampled node up to the root. */
export class ProfileIndex {
  private readonly byId = new Map<number, ProfileNode>();
  private readonly parentOf = new Map<number, number>();
  /** Samples per node id. */
  private readonly hits = new Map<number, number>();
  readonly samples: number;

  constructor(
    profile: CpuProfile,
    private readonly root = process.cwd(),
  ) {
    for (const node of profile.nodes) {
      this.byId.set(node.id, node);
      for (const child of node.children ?? []) this.parentOf.set(child, node.id);
    }
    for (const id of profile.samples) this.hits.set(id, (this.hits.get(id) ?? 0) + 1);
    this.samples = profile.samples.length;
  }

  /** Time spent in each function itself (self time), largest first. */
  selfTime(limit: number): Share[] {
    return this.tally((stack, add) => add(this.name(stack[0]!)), limit);
  }

  /** Self time summed per file or package, largest first. */
  byFile(limit: number): Share[] {
    return this.tally((stack, add) => add(fileName(this.frame(stack[0]!), this.root)), limit);
  }

  /** Time under each function matching `pattern`, itself and everything it called (each stack counted once). */
  inclusive(pattern: RegExp, limit: number): Share[] {
    return this.tally((stack, add) => new Set(stack.map((id) => this.name(id)).filter((name) => pattern.test(name))).forEach(add), limit);
  }

  /** Self time of functions matching `pattern`, by the chain of `depth` callers above them. */
  callers(pattern: RegExp, depth: number, limit: number): Share[] {
    return this.tally((stack, add) => {
      const own = this.name(stack[0]!);
      if (pattern.test(own)) add([own, ...stack.slice(1, depth + 1).map((id) => this.name(id))].join(' <- '));
    }, limit);
  }

  /** Time under the first function matching `pattern` on each stack, by the callee it went into ("(self)" for its own). */
  children(pattern: RegExp, limit: number): Share[] {
    return this.tally((stack, add) => {
      const at = stack.findIndex((id) => pattern.test(this.name(id)));
      if (at >= 0) add(at === 0 ? '(self)' : this.name(stack[at - 1]!));
    }, limit);
  }

  private tally(visit: (stack: readonly number[], add: (name: string) => void) => void, limit: number): Share[] {
    const totals = new Map<string, number>();
    for (const [id, count] of this.hits) visit(this.stackOf(id), (name) => totals.set(name, (totals.get(name) ?? 0) + count));
    return [...totals]
      .sort((left, right) => right[1] - left[1])
      .slice(0, limit)
      .map(([name, count]) => ({ name, percent: (100 * count) / Math.max(1, this.samples) }));
  }

  /** The sampled node first, then its callers up to the root. */
  private stackOf(id: number): number[] {
    const stack: number[] = [];
    for (let current: number | undefined = id; current !== undefined && stack.length < MAX_STACK_DEPTH; current = this.parentOf.get(current)) stack.push(current);
    return stack;
  }

  private frame(id: number): CallFrame {
    return this.byId.get(id)!.callFrame;
  }

  private name(id: number): string {
    return frameName(this.frame(id), this.root);
  }
}
