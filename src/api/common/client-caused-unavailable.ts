import { ServiceUnavailableException } from '@nestjs/common';

/**
 * A 503 that the caller brought about, such as a read waiting for a `minPosition` that no write has
 * answered with: the service is sound, and the answer is the designed one. The exception filter logs
 * it at warn without a stack, where a 503 of the service's own (a store that cannot be written) stays
 * an error with its stack; otherwise a client could fill the error log, and hide real failures in it,
 * by asking for positions far ahead.
 */
export class ClientCausedUnavailable extends ServiceUnavailableException {}
