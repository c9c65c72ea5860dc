import { HttpStatus } from '@nestjs/common';
import type { HttpReply } from '../common/http-types';

/**
 * 201 when the command appended events, 200 when it was a repeat of something already recorded
 * (same registration, same claim, same revision): the client can tell a retry from a first write.
 */
export const withWriteStatus = <R extends { readonly events: readonly unknown[] }>(response: HttpReply, result: R, appended = result.events.length > 0): R => {
  response.status(appended ? HttpStatus.CREATED : HttpStatus.OK);
  return result;
};
