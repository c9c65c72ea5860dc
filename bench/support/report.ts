import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineInfo } from './machine';

/**
 * The benchmark's output: one row per figure (grouped by measurement), ratios between figures (ours /
 * limit, ours / peer), and targets with where we stand. Printed as a Markdown table to stdout (so it
 * can be pasted into docs/performance.md as is) and written as JSON to bench/results/.
 */

export interface Figure {
  readonly group: string;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly detail?: string;
}

export interface Ratio {
  readonly label: string;
  readonly value: number;
  readonly detail: string;
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | null;
}

/** The anchors' limits that later measurements are set against (see `Report.againstLimit`). */
export type LimitName = 'raw read' | 'raw append batched';

export class Report {
  readonly figures: Figure[] = [];
  readonly ratios: Ratio[] = [];
  readonly targets: TargetCheck[] = [];
  readonly notes: string[] = [];
  readonly errors: Array<{ measurement: string; error: string }> = [];
  readonly extra: Record<string, unknown> = {};
  private readonly limits = new Map<LimitName, number>();

  add(figure: Figure): void {
    this.figures.push(figure);
  }

  ratio(label: string, numerator: number, denominator: number, detail: string): void {
    if (!(denominator > 0) || !Number.isFinite(numerator)) return;
    this.ratios.push({ label, value: numerator / denominator, detail });
  }

  /** Records one of the anchors' limits, measured in this run, for the measurements after them. */
  setLimit(name: LimitName, value: number): void {
    this.limits.set(name, value);
  }

  /**
   * A ratio against one of this run's limits, and one of the target against it: what the target
   * asks of this machine, beside where we stand. Nothing when the anchors did not run (`--only`).
   */
  againstLimit(name: LimitName, figure: { label: string; value: number }, target: number, detail: string): void {
    const limit = this.limits.get(name);
    if (limit === undefined) return;
    this.ratio(`${figure.label}: ours / limit ${name}`, figure.value, limit, detail);
    this.ratio(`${figure.label}: target / limit ${name}`, target, limit, `the target of ${target.toLocaleString('en-US')} against this machine's limit`);
  }

  target(target: string, measured: string, met: boolean | null): void {
    this.targets.push({ target, measured, met });
  }

  note(text: string): void {
    this.notes.push(text);
  }

  failed(measurement: string, error: unknown): void {
    this.errors.push({ measurement, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }

  toMarkdown(machine: MachineInfo, scale: string): string {
    const lines: string[] = [];
    lines.push(`Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, SQLite ${machine.sqlite}, ${machine.os}; load average at start ${machine.loadAverageAtStart.join(' / ')}; scale ${scale}.`);
    lines.push('');
    lines.push('| measurement | figure | value | unit | detail |');
    lines.push('|---|---|--:|---|---|');
    for (const figure of this.figures) lines.push(`| ${figure.group} | ${figure.label} | ${formatNumber(figure.value)} | ${figure.unit} | ${figure.detail ?? ''} |`);
    if (this.ratios.length > 0) {
      lines.push('');
      lines.push('| ratio | value | of |');
      lines.push('|---|--:|---|');
      for (const ratio of this.ratios) lines.push(`| ${ratio.label} | ${formatRatio(ratio.value)} | ${ratio.detail} |`);
    }
    if (this.targets.length > 0) {
      lines.push('');
      lines.push('| target | measured | met |');
      lines.push('|---|---|---|');
      for (const check of this.targets) lines.push(`| ${check.target} | ${check.measured} | ${check.met === null ? 'n/a' : check.met ? 'yes' : '**no**'} |`);
    }
    if (this.notes.length > 0) {
      lines.push('');
      for (const note of this.notes) lines.push(`- ${note}`);
    }
    if (this.errors.length > 0) {
      lines.push('');
      for (const error of this.errors) lines.push(`- FAILED ${error.measurement}: ${error.error}`);
    }
    return lines.join('\n');
  }

  /** Writes `bench/results/<timestamp>.json` and returns its path. */
  writeJson(directory: string, machine: MachineInfo, scale: string, startedAt: Date, options: Record<string, unknown>): string {
    mkdirSync(directory, { recursive: true });
    const path = join(directory, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    const body = {
      startedAt: startedAt.toISOString(),
      scale,
      options,
      machine,
      figures: this.figures,
      ratios: this.ratios,
      targets: this.targets,
      notes: this.notes,
      errors: this.errors,
      extra: this.extra,
    };
    writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`);
    return path;
  }
}

/** Three significant figures at most: the noise on a shared 2-core machine is larger than that. */
export const formatNumber = (value: number): string => {
  if (!Number.isFinite(value)) return 'n/a';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(Number(value.toPrecision(3))).toLocaleString('en-US');
  if (magnitude >= 1) return String(Number(value.toPrecision(3)));
  return String(Number(value.toPrecision(2)));
};

export const formatRatio = (value: number): string => (value >= 10 ? `${Math.round(value)}×` : `${Number(value.toPrecision(2))}×`);
