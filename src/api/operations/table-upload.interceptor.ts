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

/** The plugin's refusals in the API's words: 413 past a limit, 400 for a malformed upload. */
const uploadRefusal = (error: unknown): Error => {
  const status = (error as { statusCode?: unknown }).statusCode;
  const message = error instanceof Error ? error.message : String(error);
  if (status === 413) return new PayloadTooLargeException(`file: ${message}`);
  if (typeof status === 'number' && status >= 400 && status < 500) return new BadRequestException([`file: ${message}`]);
  return error instanceof Error ? error : new Error(message);
};
