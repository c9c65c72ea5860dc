import Fastify from 'fastify';
import helmet from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { addSecurityHeaders, securityHeadersOf } from './security-headers.hook';

const OPTIONS = { contentSecurityPolicy: { directives: { connectSrc: ["'self'", 'https://id.example.gov.cn'] } } };

describe('security headers', () => {
  it('are the headers helmet sets on a Node response, X-Powered-By removed', () => {
    const response = new ServerResponse(new IncomingMessage(new Socket()));
    response.setHeader('X-Powered-By', 'something');
    helmet(OPTIONS)(response.req, response, () => undefined);
    const expected = Object.fromEntries(Object.entries(response.getHeaders()).map(([name, value]) => [name, String(value)]));
    expect(securityHeadersOf(OPTIONS)).toEqual(expected);
    expect(expected['content-security-policy']).toContain("connect-src 'self' https://id.example.gov.cn");
    expect(expected).not.toHaveProperty('x-powered-by');
  });

  it('are set on every answer, a refusal and an unknown route included', async () => {
    const instance = Fastify();
    addSecurityHeaders(instance, securityHeadersOf(OPTIONS));
    instance.get('/refused', async (_request, reply) => reply.status(403).send({ statusCode: 403 }));
    for (const url of ['/refused', '/nothing-here']) {
      const answer = await instance.inject({ method: 'GET', url });
      expect(answer.headers).toMatchObject({ ...securityHeadersOf(OPTIONS) });
    }
    await instance.close();
  });

  it('refuse to start with an option helmet refuses', () => {
    expect(() => securityHeadersOf({ contentSecurityPolicy: { directives: { 'default-src': ['none'] } } })).toThrow(/security headers could not be built|default-src/);
  });
});
