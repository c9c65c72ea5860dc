/**
 * The client side: HTTP requests with one bearer token, and the record of what the service
 * acknowledged, which every check after a kill holds the store to.
 */

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown> | null;
  readonly text: string;
}

/** An event a 2xx answer listed: it must be in the store, at that position, whatever happens after. */
export interface AcknowledgedEvent {
  readonly what: string;
  readonly eventId: string;
  readonly position: string;
  readonly stream: string;
}

export class Client {
  token = '';
  readonly acknowledged: AcknowledgedEvent[] = [];
  /** Person id → the 身份证号 its acknowledged PUT stored. */
  readonly personalData = new Map<string, string>();
  /** `personId|what` → reads of that person's data answered 200 (each must have its access-log entry). */
  readonly loggedReads = new Map<string, number>();
  /** Answers of 500 and above, which a kill must not cause once the service is up again. */
  readonly serverErrors: string[] = [];

  constructor(private readonly base: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${this.token}`, ...headers } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { ...init.headers, 'content-type': 'application/json' };
    }
    const response = await fetch(`${this.base}${path}`, init);
    const text = await response.text();
    let parsed: Record<string, unknown> | null = null;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = null;
    }
    const answer = { status: response.status, body: parsed, text };
    if (answer.status >= 500) this.serverErrors.push(`${method} ${path}: ${answer.status} ${text.slice(0, 300)}`);
    return answer;
  }

  /** Records the events of a 2xx answer as acknowledged. */
  acknowledge(what: string, answer: Answer): void {
    if (answer.status < 200 || answer.status >= 300) return;
    const events = (answer.body?.events ?? []) as Array<{ eventId: string; position: string | number; streamName: string }>;
    for (const event of events) this.acknowledged.push({ what, eventId: event.eventId, position: String(event.position), stream: event.streamName });
  }

  countRead(personId: string, what: string): void {
    const key = `${personId}|${what}`;
    this.loggedReads.set(key, (this.loggedReads.get(key) ?? 0) + 1);
  }
}

/** A CSV file as the multipart field `file` of an import. */
export const csvForm = (name: string, csv: string): FormData => {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), name);
  return form;
};

/**
 * Runs `task(0..count-1)` from `concurrency` callers until done or `stopped()`. A request cut off
 * by the kill rejects (the connection is reset): that is expected, and it was never acknowledged.
 */
export const runPool = async (count: number, concurrency: number, task: (index: number) => Promise<void>, stopped: () => boolean): Promise<void> => {
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < count && !stopped()) {
      const index = next;
      next += 1;
      try {
        await task(index);
      } catch {
        // Cut off by the kill.
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
};

/** A seeded generator (LCG): the same seed gives the same kill moments and the same load. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
};

/** A valid 18-digit 身份证号 (its check digit computed) for a sequence number. */
export const nationalIdOf = (n: number): string => {
  const body = `371701${1950 + (n % 50)}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * weights[index]!, 0);
  return body + '10X98765432'[sum % 11]!;
};
