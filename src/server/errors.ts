/**
 * Errors as RFC 9457 problem details: `application/problem+json` with a stable machine `code` (English,
 * snake_case, never changes) and a Chinese `detail` for people.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Titles per HTTP status, shown when a problem carries none of its own. */
const TITLES: Record<number, string> = {
  400: '请求有误',
  401: '需要登录',
  403: '没有权限',
  404: '未找到',
  405: '方法不允许',
  409: '冲突',
  413: '文件过大',
  415: '不支持的文件类型',
  422: '无法处理',
  423: '账户已锁定',
  429: '请求过于频繁',
  500: '服务器内部错误',
  503: '服务暂不可用',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  /** Located issues (file, sheet, row, column, JSON path), as the CLI reports them. */
  errors?: unknown[];
  [extra: string]: unknown;
}

export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    detail: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(`${code}: ${detail}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.extra = extra;
    this.headers = headers;
  }
}

export const problems = {
  badRequest: (code: string, detail: string, extra?: Record<string, unknown>) =>
    new ProblemError(400, code, detail, extra),
  unauthenticated: () => new ProblemError(401, 'unauthenticated', '请先登录。'),
  forbidden: (detail = '当前账户没有执行此操作的权限。') => new ProblemError(403, 'forbidden', detail),
  /** Also used for resources outside the caller's scope, so that existence does not leak. */
  notFound: (detail = '请求的资源不存在。') => new ProblemError(404, 'not_found', detail),
  conflict: (code: string, detail: string, extra?: Record<string, unknown>) =>
    new ProblemError(409, code, detail, extra),
  unprocessable: (code: string, detail: string, extra?: Record<string, unknown>) =>
    new ProblemError(422, code, detail, extra),
};

export function problemBody(req: FastifyRequest, status: number, code: string, detail: string, extra = {}): Problem {
  return {
    type: `https://mingzhang.invalid/problems/${code}`,
    title: TITLES[status] ?? TITLES[Math.floor(status / 100) * 100] ?? '错误',
    status,
    code,
    detail,
    instance: req.url.split('?')[0],
    ...extra,
  };
}

export function sendProblem(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extra = {},
): FastifyReply {
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problemBody(req, status, code, detail, extra));
}

/** Fastify's own error codes (body too large, bad content type, …) mapped to stable codes and Chinese text. */
export function fromFastifyError(err: { code?: string; statusCode?: number; message: string }): {
  status: number;
  code: string;
  detail: string;
} {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, code: 'payload_too_large', detail: '请求内容超过大小上限。' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', detail: '不支持此内容类型。' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'empty_body', detail: '请求体为空，但内容类型声明为 JSON。' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'invalid_json', detail: '请求体不是有效的 JSON。' };
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return { status: 413, code: 'too_many_parts', detail: '上传的文件或字段数量超过上限。' };
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 415, code: 'not_multipart', detail: '上传须使用 multipart/form-data。' };
    default:
      break;
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, code: 'bad_request', detail: '请求无法处理。' };
  }
  return { status: 500, code: 'internal_error', detail: '服务器内部错误，请稍后重试；如持续出现请联系管理员。' };
}
