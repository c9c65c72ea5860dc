import { Module } from '@nestjs/common';
import { IntegrityModule } from '../integrity/integrity.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ProjectionsModule } from '../projections/projections.module';
import { AuditController } from './audit.controller';
import { ClaimsAuditController } from './claims-audit.controller';

/**
 * The read-only audit API. It answers from the projections (ProjectionsModule: the read database,
 * the runner started with the app and stopped before shutdown, its lag in `GET /health`).
 */
@Module({
  imports: [ProjectionsModule, IntegrityModule, LedgerModule],
  controllers: [AuditController, ClaimsAuditController],
})
export class AuditModule {}
