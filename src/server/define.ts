/**
 * defineRoute: a route with zod schemas whose handler sees the parsed, typed body, query and params.
 * Plain `app.get(url, { config: { permission } }, handler)` works as well; this only adds types.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { z } from 'zod';
import type { ResourceKind } from './route-table.ts';

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteDef<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
> {
  method: HTTPMethods;
  url: string;
  permission: string;
  resource?: ResourceKind;
  summary: string;
  description?: string;
  tags?: string[];
  body?: B;
  query?: Q;
  params?: P;
  /** zod schemas of the responses by status, for OpenAPI */
  response?: Record<number, z.ZodType>;
  /** request content types other than JSON (documentation only; e.g. multipart/form-data) */
  consumes?: string[];
  handler: (
    req: FastifyRequest & { body: Parsed<B>; query: Parsed<Q>; params: Parsed<P> },
    reply: FastifyReply,
  ) => Promise<unknown>;
}

export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(app: FastifyInstance, def: RouteDef<B, Q, P>): void {
  app.route({
    method: def.method,
    url: def.url,
    config: { permission: def.permission, ...(def.resource ? { resource: def.resource } : {}) },
    schema: {
      summary: def.summary,
      ...(def.description ? { description: def.description } : {}),
      ...(def.tags ? { tags: def.tags } : {}),
      ...(def.body ? { body: def.body } : {}),
      ...(def.query ? { querystring: def.query } : {}),
      ...(def.params ? { params: def.params } : {}),
      ...(def.response ? { response: def.response } : {}),
      ...(def.consumes ? { consumes: def.consumes } : {}),
    },
    handler: def.handler as never,
  });
}
