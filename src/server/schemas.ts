/** zod schemas of the main API responses, for the OpenAPI document (amounts in fen are decimal strings). */
import { z } from 'zod';

const FenString = z
  .string()
  .regex(/^-?\d+$/)
  .describe('金额，以分为单位的整数字符串');

export const PageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });

export const PublishedItem = z.object({
  id: z.number().int(),
  orgCode: z.string(),
  name: z.string(),
  level: z.enum(['department', 'unit']),
  consolidated: z.boolean(),
  year: z.number().int(),
  kind: z.enum(['预算', '决算']),
  latestVersion: z.number().int(),
  publishedAt: z.string(),
  url: z.string().describe('公开网站上的页面'),
  api: z.string(),
});

export const PublishedDisclosure = z.object({
  id: z.number().int(),
  orgCode: z.string(),
  name: z.string(),
  year: z.number().int(),
  kind: z.enum(['预算', '决算']),
  templateSet: z.string(),
  url: z.string(),
  versions: z.array(
    z.object({
      versionNo: z.number().int(),
      publishedAt: z.string(),
      corrected: z.boolean().describe('已有更新的版本（已更正）'),
      status: z.enum(['现行', '已更正']),
      correctionNote: z.string().nullable(),
      packageSha: z.string(),
      url: z.string(),
      api: z.string(),
    }),
  ),
});

export const CellItem = z.object({
  tableId: z.string(),
  table: z.string(),
  row: z.string(),
  column: z.string(),
  valueFen: FenString.nullable(),
  text: z.string(),
  url: z.string(),
});

export const DepartmentStatus = z.object({
  code: z.string(),
  name: z.string(),
  regionCode: z.string().nullable(),
  status: z.enum(['已公开', '逾期', '未公开']),
  onTime: z.boolean().nullable(),
  approvedOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  disclosureId: z.number().int().nullable(),
  url: z.string().nullable(),
});

export const TransitionResult = z.object({
  disclosureId: z.number().int(),
  action: z.string(),
  from: z.string(),
  to: z.string(),
  version: z.number().int(),
  eventId: z.number().int(),
  published: z
    .object({
      versionId: z.number().int(),
      versionNo: z.number().int(),
      packageSha: z.string(),
      publishedAt: z.string(),
    })
    .loose()
    .optional(),
  clock: z
    .object({ approvedOn: z.string(), dueOn: z.string(), daysLeft: z.number().int(), status: z.string() })
    .optional(),
});

export const UploadResults = z.object({
  results: z.array(
    z
      .object({
        fileName: z.string(),
        status: z.enum(['created', 'unchanged', 'invalid', 'failed', 'refused']),
        message: z.string().optional(),
        code: z.string().optional(),
        disclosureId: z.number().int().optional(),
        revisionId: z.number().int().optional(),
        errors: z.array(z.string()).optional().describe('定位到文件、工作表、行、列的问题'),
      })
      .loose(),
  ),
});
