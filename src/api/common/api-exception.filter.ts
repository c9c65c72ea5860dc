import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { redactUrl } from '../../personal-data/personal-identifier';
import { ClientCausedUnavailable } from './client-caused-unavailable';
import { disclosureFor, toErrorBody } from './error-mapping';

/**
 * The global exception filter: every error leaves the API as `{ statusCode, error, code?, message }`
 * (see `error-mapping.ts` for which error gets which status). Server-side failures are logged with
 * their stack; client errors are not, since they are the caller's to fix and would flood the log. A
 * 503 the caller brought about (`ClientCausedUnavailable`) is logged at warn, without a stack.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    // Only HTTP requests have a response to write; any other context keeps its own handling.
    if (host.getType() !== 'http') throw exception;
    const { httpAdapter } = this.adapterHost;
    const context = host.switchToHttp();
    const response: unknown = context.getResponse();
    const request = context.getRequest<{ principal?: { roles: readonly string[]; regions: readonly string[] | null } }>();
    const errorBody = toErrorBody(exception, disclosureFor(request.principal));
    if (errorBody.statusCode >= HttpStatus.INTERNAL_SERVER_ERROR) this.logFailure(exception, context.getRequest());
    // A streaming response (a live feed) may fail after its headers went out; all we can do is end it.
    if (httpAdapter.isHeadersSent(response)) {
      httpAdapter.end(response);
      return;
    }
    httpAdapter.reply(response, errorBody, errorBody.statusCode);
  }

  private logFailure(exception: unknown, request: { id?: unknown; method?: string; url?: string }): void {
    // The URL may hold what the request should not have sent (a 身份证号 in a path): logs never do.
    // The request's id ties this line to the request log's line for the same request.
    const where = `${request.method ?? '?'} ${request.url === undefined ? '?' : redactUrl(request.url)} (request ${String(request.id ?? '?')})`;
    if (exception instanceof ClientCausedUnavailable) {
      this.logger.warn(`${where} refused with 503, caused by the request: ${exception.message}`);
      return;
    }
    if (exception instanceof Error) this.logger.error(`${where} failed: ${exception.message}`, exception.stack);
    else this.logger.error(`${where} failed with a non-Error value: ${String(exception)}`);
  }
}
