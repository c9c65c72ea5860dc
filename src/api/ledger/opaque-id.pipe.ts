import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { OPAQUE_ID } from './dto/wire-format';

/** Validates an id taken from the path, with the same rule (and wording) as ids in bodies. */
@Injectable()
export class OpaqueIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    const name = metadata.data ?? 'id';
    if (OPAQUE_ID.test(value)) return value;
    throw new BadRequestException([`${name}: must be an opaque id of letters, digits, ".", "_", ":" or "-" (at most 64)`]);
  }
}
