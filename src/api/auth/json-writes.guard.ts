import { Injectable, UnsupportedMediaTypeException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { headerOf, type HttpRequest } from '../common/http-types';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Where `@ApiConsumes(...)` of @nestjs/swagger keeps a route's media types (its API_CONSUMES, not exported). */
const API_CONSUMES = 'swagger/apiConsumes';
/** `application/json`, optionally with parameters (`; charset=utf-8`); nothing else. */
const JSON_MEDIA_TYPE = /^application\/json\s*(?:;.*)?$/i;

/**
 * Writes accept only `application/json` (415 otherwise). An HTML form can post
 * `application/x-www-form-urlencoded`, `multipart/form-data` or `text/plain` across sites with no
 * CORS preflight; a JSON body cannot be sent cross-site without one. So a page in an inspector's
 * browser cannot make that browser settle a claim or reassess a region. A route that takes another
 * media type (a file upload) says so in its OpenAPI declaration, `@ApiConsumes('multipart/form-data')`,
 * and accepts that type too; its callers still need a bearer credential, which no form can attach.
 */
@Injectable()
export class JsonWritesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    if (!WRITE_METHODS.has(request.method)) return true;
    const type = headerOf(request, 'content-type') ?? '';
    const declared = this.reflector.getAllAndOverride<readonly string[] | undefined>(API_CONSUMES, [context.getHandler(), context.getClass()]) ?? [];
    const mediaType = (type.split(';')[0] ?? '').trim().toLowerCase();
    if (mediaType !== '' && declared.some((accepted) => accepted.toLowerCase() === mediaType)) return true;
    // A write with no body and no type (a DELETE, say) carries nothing a form could have sent.
    const hasBody = Number(headerOf(request, 'content-length') ?? '0') > 0 || headerOf(request, 'transfer-encoding') !== undefined;
    if (JSON_MEDIA_TYPE.test(type) || (type === '' && !hasBody)) return true;
    throw new UnsupportedMediaTypeException(`content-type: writes accept only application/json (got ${type === '' ? 'none' : JSON.stringify(type.slice(0, 80))})`);
  }
}
