import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import { openPersonalDataStore } from '../../personal-data/open-personal-data-store';
import { PERSONAL_DATA_STORE, type PersonalDataStore } from '../../personal-data/personal-data.port';
import { LedgerModule } from '../ledger/ledger.module';
import { PersonalDataController } from './personal-data.controller';
import { PERSONAL_DATA_HANDLERS } from './personal-data.handlers';

@Injectable()
export class PersonalDataLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PERSONAL_DATA_STORE) private readonly store: PersonalDataStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

const logger = new Logger('PersonalDataModule');

/**
 * The personal-data store (`DATA_DIR/personal-data.sqlite`) under `PERSONAL_DATA_STORE`, and the
 * registrar's endpoints over it. On the embedded default the master key is generated into the data
 * directory on first start: the log gives the file's path (never the key) so an operator can move it.
 */
@Module({
  imports: [LedgerModule],
  controllers: [PersonalDataController],
  providers: [
    {
      provide: PERSONAL_DATA_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig): PersonalDataStore => {
        const opened = openPersonalDataStore(config.dataDir, config.personalDataKey);
        if (opened.generatedKeyFile !== null) {
          logger.warn(`generated the personal-data master key in ${opened.generatedKeyFile} (0600); keep a copy apart from the data directory, or configure PERSONAL_DATA_KEY_FILE (docs/security.md)`);
        }
        logger.log(`personal-data store open, master key ${opened.keyId}`);
        return opened.store;
      },
    },
    PersonalDataLifecycle,
    ...PERSONAL_DATA_HANDLERS,
  ],
  exports: [PERSONAL_DATA_STORE],
})
export class PersonalDataModule {}
