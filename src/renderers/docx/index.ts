import type { DisclosurePackage } from '../../core/package/model.ts';

export async function renderDocx(_pkg: DisclosurePackage): Promise<Buffer> {
  throw new Error('DOCX 输出尚未实现');
}
