import { Inject, Injectable, Logger, Module, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import type { EventStore } from '../../event-store/event-store.port';
import type { Ledger } from '../../ledger/ledger.service';
import { ClaimsImport } from '../../operations/claims/claims-import';
import type { SqliteAccessLog } from '../../access-log/sqlite-access-log';
import { EarlyWarningExport } from '../../operations/early-warning/early-warning-export';
import { exportsInAccessLog, recordInAll } from '../../operations/early-warning/export-access.port';
import { OperationsJournal } from '../../operations/operations-journal';
import { RosterImport } from '../../operations/roster/roster-import';
import { PERSONAL_DATA_STORE, type PersonalDataStore } from '../../personal-data/personal-data.port';
import { AccessLogModule } from '../access-log/access-log.module';
import { ACCESS_LOG } from '../access-log/access-log.tokens';
import { EVENT_STORE } from '../infrastructure/tokens';
import { LedgerModule } from '../ledger/ledger.module';
import { LEDGER } from '../ledger/ledger.token';
import { PersonalDataModule } from '../personal-data/personal-data.module';
import { ExportsController } from './exports.controller';
import { ImportsController } from './imports.controller';

/**
 * The journal of rosters and exports (DATA_DIR/operations.sqlite), closed with the application; and
 * a warning at start when no personal-data store is wired in, so the gap is never silent.
 */
@Injectable()
export class JournalLifecycle implements OnModuleInit, OnModuleDestroy {
  constructor(
    readonly journal: OperationsJournal,
    @Optional() @Inject(PERSONAL_DATA_STORE) private readonly personalData?: PersonalDataStore,
  ) {}

  onModuleInit(): void {
    if (!this.personalData) {
      new Logger('Operations').warn('no personal-data store: imports refuse rows that name a person by 身份证号, and exports carry person ids only');
    }
  }

  onModuleDestroy(): void {
    this.journal.close();
  }
}

/**
 * The edge of src/operations: roster and claims uploads, the early-warning export. The personal-data
 * store is optional here: until its module provides `PERSONAL_DATA_STORE`, rows that name a person by
 * 身份证号 are refused row by row, and exports carry person ids only.
 */
@Module({
  imports: [LedgerModule, PersonalDataModule, AccessLogModule],
  controllers: [ImportsController, ExportsController],
  providers: [
    { provide: OperationsJournal, inject: [AppConfig], useFactory: (config: AppConfig) => OperationsJournal.open(config.dataDir) },
    JournalLifecycle,
    {
      provide: RosterImport,
      inject: [LEDGER, EVENT_STORE, OperationsJournal, { token: PERSONAL_DATA_STORE, optional: true }],
      useFactory: (ledger: Ledger, store: EventStore, history: OperationsJournal, personalData?: PersonalDataStore) =>
        new RosterImport({ ledger, store, history, personalData: personalData ?? null }),
    },
    {
      provide: ClaimsImport,
      inject: [LEDGER, EVENT_STORE, { token: PERSONAL_DATA_STORE, optional: true }],
      useFactory: (ledger: Ledger, store: EventStore, personalData?: PersonalDataStore) => new ClaimsImport({ ledger, store, personalData: personalData ?? null }),
    },
    {
      provide: EarlyWarningExport,
      inject: [EVENT_STORE, OperationsJournal, ACCESS_LOG, { token: PERSONAL_DATA_STORE, optional: true }],
      // Every export is kept in the operations journal and, person by person, in the access log.
      useFactory: (store: EventStore, journal: OperationsJournal, reads: SqliteAccessLog, personalData?: PersonalDataStore) =>
        new EarlyWarningExport({ store, accessLog: recordInAll(journal, exportsInAccessLog(reads)), personalData: personalData ?? null }),
    },
  ],
})
export class OperationsModule {}
