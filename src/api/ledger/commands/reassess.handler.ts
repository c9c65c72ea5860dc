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
    const computed = await this.ledger.reassess(input, meta);
    // A dry run's events were computed, never appended: the response lists appended events only,
    // and the impact is in the report's deltas and largest changes.
    const report = computed.dryRun ? { ...computed, events: [] } : computed;
    const last = report.events[report.events.length - 1];
    return withReadPosition(this.ledger, { ...report, position: last?.position ?? '' });
  }
}
