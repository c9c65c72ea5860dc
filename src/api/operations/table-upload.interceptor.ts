import { BadRequestException, Injectable, PayloadTooLargeException, createParamDecorator, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { HttpRequest } from '../common/http-types';

/** The uploaded table, read whole into memory; the multipart plugin bounds it (TABLE_FILE_BYTES_MAX, app.factory.ts). */
export interface UploadedTable {
  readonly buffer: Buffer;
  readonly size: number;
}

type UploadRequest = HttpRequest & { uploadedTable?: UploadedTable };

/** The multipart field that carries the table. */
const FILE_FIELD = 'file';

/**
 * Reads the multipart field `file` of an import before the handler runs (after the guards, so an
 * unauthenticated upload is refused before it is read). Other fields are skipped; the plugin's
 * limits (one file, a few fields) bound the loop. A request that is not multipart leaves no table,
 * and the handler answers 400.
 */
@Injectable()
export class TableUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<UploadRequest>();
    request.uploadedTable = await readTable(request);
    return next.handle();
  }
}

/** The table `TableUploadInterceptor` read, or undefined. */
export const UploadedTableFile = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UploadedTable | undefined => context.switchToHttp().getRequest<UploadRequest>().uploadedTable,
);

const readTable = async (request: UploadRequest): Promise<UploadedTable | undefined> => {
  if (!request.isMultipart()) return undefined;
  let table: UploadedTable | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file' && part.fieldname === FILE_FIELD && table === undefined) {
        const buffer = await part.toBuffer();
        table = { buffer, size: buffer.length };
      } else if (part.type === 'file') {
        part.file.resume();
      }
    }
  } catch (error) {
    throw uploadRefusal(error);
  }
  return table;
};

/** The multipart plugin's code for a second file part, past its `files: 1` limit. */
const FILES_LIMIT = 'FST_FILES_LIMIT';

/**
 * The plugin's refusals in the API's words: a second file is a 400 (the import reads one file; the
 * plugin's "reach files limit" 413 would suggest a smaller file), 413 past the size limit, 400 for
 * any other refusal. The parser underneath (busboy) reports a body that is malformed or cut short
 * with a plain `Error` and no status: that is the client's body, so a 400 too, not a 500. Any
 * other error (a TypeError, say) is a fault of the service and is passed on as it is.
 */
const uploadRefusal = (error: unknown): Error => {
  const status = (error as { statusCode?: unknown }).statusCode;
  const message = error instanceof Error ? error.message : String(error);
  if ((error as { code?: unknown }).code === FILES_LIMIT) return new BadRequestException([`file: only one file may be sent, in the multipart field "${FILE_FIELD}"`]);
  if (status === 413) return new PayloadTooLargeException(`file: ${message}`);
  if (typeof status === 'number' && status >= 400 && status < 500) return new BadRequestException([`file: ${message}`]);
  if (error instanceof Error && error.constructor === Error) return new BadRequestException([`file: the multipart body is malformed or cut short (${message})`]);
  return error instanceof Error ? error : new Error(message);
};
