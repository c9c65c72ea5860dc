import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ApiExceptionFilter } from './api-exception.filter';
import { PersonalIdentifierGuard } from './personal-identifier.guard';
import { createValidationPipe } from './validation.pipe';

/**
 * Registers the global exception filter, validation pipe and personal-identifier guard through Nest's
 * DI (APP_FILTER / APP_PIPE / APP_GUARD) rather than `app.useGlobal*()`, so they also apply in tests
 * that compile `AppModule` directly. Its guard runs after AuthModule's (see AppModule's imports).
 */
@Module({
  providers: [
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    // Refuses 身份证号 and mobile numbers in ids, free text and recorded headers on every route.
    { provide: APP_GUARD, useClass: PersonalIdentifierGuard },
  ],
})
export class ApiCommonModule {}
