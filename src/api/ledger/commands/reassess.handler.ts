import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Ledger } from '../../../ledger/ledger.service';
import { LEDGER } from '../ledger.token';
import { withReadPosition } from './command-position';
import { ReassessCommand, type ReassessResult } from './reassess.command';

@CommandHandler(ReassessCommand)
export class ReassessHandler implements ICommandHandler<ReassessCommand, ReassessResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ input, meta }: ReassessCommand): Promise<ReassessResult> {
    const report = await this.ledger.reassess(input, meta);
    // A dry run's events were never appended and carry no position; only appended ones count.
    const last = report.dryRun ? undefined : report.events[report.events.length - 1];
    return withReadPosition(this.ledger, { ...report, position: last?.position ?? '' });
  }
}
