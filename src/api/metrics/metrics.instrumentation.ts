import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '../../event-store/event-store.port';
import { observeWritePath } from '../../event-store/write-path-probe';
import type { RunningProjections } from '../../projections/running-projections';
import { ReassessmentThreads } from '../../ledger/reassessment-threads';
import { describeOutcome } from './command-outcome';
import { FeedService } from '../feed/feed.service';
import type { IntegrityGate } from '../../integrity/integrity-gate';
import { EVENT_STORE, INTEGRITY_GATE } from '../infrastructure/tokens';
import { FullVerification } from '../integrity/full-verification';
import { ReadModelVerification } from '../integrity/read-model-verification';
import { PROJECTION_RUNNER } from '../projections/projections.tokens';
import type { Gauge } from 'prom-client';
import { LedgerMetrics } from './ledger-metrics';

const finishedSeconds = (outcome: { readonly finishedAt: string } | null): number => (outcome === null ? 0 : Date.parse(outcome.finishedAt) / 1000);

/** A scheduled check's two gauges; both read 0 until its first run has finished (an unlabelled gauge is never absent). */
const collectLastRun = (finished: Gauge, ok: Gauge, last: () => { readonly finishedAt: string; readonly ok: boolean } | null): void => {
  Object.assign(finished, { collect: () => finished.set(finishedSeconds(last())) });
  Object.assign(ok, { collect: () => ok.set(last()?.ok === true ? 1 : 0) });
};

/**
 * Connects the metrics to what they measure without those parts knowing about metrics: the
 * CommandBus and the store's append are wrapped once at start-up (their callers are unchanged), the
 * group-commit queue reports through the write-path probe, and the projection lag, the SSE client
 * count and the integrity verdicts are read when Prometheus scrapes.
 */
@Injectable()
export class MetricsInstrumentation implements OnModuleInit, OnApplicationShutdown {
  private stopObserving: (() => void) | null = null;

  constructor(
    private readonly metrics: LedgerMetrics,
    private readonly modules: ModuleRef,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly commandBus?: CommandBus,
  ) {}

  onModuleInit(): void {
    this.instrumentCommands();
    this.instrumentAppends();
    this.stopObserving = observeWritePath({ groupCommitted: (appends) => this.metrics.groupCommitBatch.observe(appends) });
    this.collectOnScrape();
  }

  onApplicationShutdown(): void {
    this.stopObserving?.();
    this.stopObserving = null;
  }

  private instrumentCommands(): void {
    const bus = this.commandBus;
    if (!bus) return;
    const execute = bus.execute.bind(bus);
    const metrics = this.metrics;
    bus.execute = (async (command: object) => {
      const type = command.constructor.name.replace(/Command$/, '');
      const stop = metrics.commandDuration.startTimer({ command: type });
      let outcome = 'ok';
      try {
        return await execute(command as never);
      } catch (error) {
        outcome = describeOutcome(error);
        throw error;
      } finally {
        stop({ outcome });
        metrics.commands.inc({ command: type, outcome });
      }
    }) as typeof bus.execute;
  }

  private instrumentAppends(): void {
    const store = this.store;
    const append = store.appendToStream.bind(store);
    const metrics = this.metrics;
    store.appendToStream = async (...args: Parameters<EventStore['appendToStream']>) => {
      const stop = metrics.appendDuration.startTimer();
      try {
        const result = await append(...args);
        stop({ outcome: 'ok' });
        return result;
      } catch (error) {
        stop({ outcome: describeOutcome(error) });
        throw error;
      }
    };
  }

  private collectOnScrape(): void {
    const runner = this.optional<RunningProjections>(PROJECTION_RUNNER);
    const feed = this.optional<FeedService>(FeedService);
    const { projectionLag, sseClients } = this.metrics;
    if (runner) {
      Object.assign(projectionLag, {
        collect: async () => {
          projectionLag.reset();
          const lag = await runner.lag();
          for (const build of lag.builds) {
            projectionLag.set({ projection: build.name, version: String(build.version), build: String(build.build), status: build.status }, Number(build.behind));
          }
        },
      });
    }
    if (feed) Object.assign(sseClients, { collect: () => sseClients.set(feed.liveConnections()) });
    const threads = this.optional<ReassessmentThreads>(ReassessmentThreads);
    if (threads) this.collectReassessmentThreads(threads);
    this.collectIntegrity();
  }

  /**
   * The gate's verdict, the last full verification and the last read-model check, so an alert fires
   * on a break, on a difference, or on a check that stopped running.
   */
  private collectIntegrity(): void {
    const gate = this.optional<IntegrityGate>(INTEGRITY_GATE);
    const { integrityWritable, fullVerificationFinished, fullVerificationOk, readModelCheckFinished, readModelCheckOk } = this.metrics;
    if (gate) Object.assign(integrityWritable, { collect: () => integrityWritable.set(gate.writable ? 1 : 0) });
    const verification = this.optional<FullVerification>(FullVerification);
    if (verification) collectLastRun(fullVerificationFinished, fullVerificationOk, () => verification.last);
    const readModels = this.optional<ReadModelVerification>(ReadModelVerification);
    if (readModels) collectLastRun(readModelCheckFinished, readModelCheckOk, () => readModels.last);
  }

  /** The threads keep their own counts; a scrape copies them (a counter is set by resetting it and adding the count). */
  private collectReassessmentThreads(threads: ReassessmentThreads): void {
    const { reassessmentThreads, reassessmentThreadPersonYears, reassessmentThreadFailures } = this.metrics;
    Object.assign(reassessmentThreads, { collect: () => reassessmentThreads.set(threads.running()) });
    const copied = (counter: typeof reassessmentThreadPersonYears, count: () => number): void =>
      void Object.assign(counter, { collect: () => (counter.reset(), counter.inc(count())) });
    copied(reassessmentThreadPersonYears, () => threads.decided());
    copied(reassessmentThreadFailures, () => threads.failedWaves());
  }

  private optional<T>(token: unknown): T | null {
    try {
      return this.modules.get(token as never, { strict: false }) as T;
    } catch {
      return null;
    }
  }
}
