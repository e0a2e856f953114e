/**
 * What the portal pages read: a port the web layer defines and src/app/portal.ts implements
 * over the store (published versions only). Tests may implement it over packages in memory.
 */
import type { DisclosurePackage } from '../core/package/model.ts';
import type { VersionInfo } from './disclosure-page.ts';

export type DocKind = '预算' | '决算';
export type PublicStatus = '已公开' | '逾期' | '未公开';

export interface OrgRef {
  readonly code: string;
  readonly name: string;
  /** 行政 / 事业 / 参公 … */
  readonly orgKind?: string;
  readonly level: 'department' | 'unit';
}

export interface DirectoryRow {
  readonly org: OrgRef;
  readonly year: number;
  readonly kind: DocKind;
  readonly status: PublicStatus;
  /** published within the deadline (undefined when not known) */
  readonly onTime?: boolean;
  readonly approvedAt?: string | null;
  readonly dueAt?: string | null;
  readonly publishedAt?: string | null;
  /** set when published */
  readonly disclosureId?: number;
  readonly corrected?: boolean;
}

export interface PublishedDisclosure {
  readonly disclosureId: number;
  readonly org: OrgRef;
  readonly year: number;
  readonly kind: DocKind;
  readonly approvedAt?: string | null;
  readonly versions: readonly VersionInfo[];
}

export interface DownloadFile {
  readonly content: Buffer | string;
  readonly contentType: string;
  readonly fileName: string;
}

export interface SearchHit {
  readonly disclosureId: number;
  readonly version: number;
  readonly orgName: string;
  readonly year: number;
  readonly kind: DocKind;
  /** 'cell': a table cell; 'sentence': a 说明 paragraph; 'table': a table title */
  readonly type: 'cell' | 'sentence' | 'table';
  readonly tableId?: string;
  readonly tableTitle?: string;
  readonly row?: number;
  readonly col?: number;
  readonly anchor?: string;
  readonly text: string;
}

export interface PortalSource {
  regionName(): Promise<string>;
  /** years with any disclosure, newest first */
  years(): Promise<number[]>;
  directory(filter: { year?: number; kind?: DocKind; orgKind?: string }): Promise<DirectoryRow[]>;
  published(disclosureId: number): Promise<PublishedDisclosure | undefined>;
  /** changes whenever a version is published anywhere (the highest published version id) */
  publishedStamp(): Promise<number>;
  packageOf(disclosureId: number, version: number): Promise<DisclosurePackage | undefined>;
  /** formats offered for download */
  formats(): readonly string[];
  download(disclosureId: number, version: number, format: string): Promise<DownloadFile | undefined>;
  /** the latest published version of every year of this organisation's disclosures of this kind */
  history(orgCode: string, kind: DocKind): Promise<{ year: number; disclosureId: number; version: number }[]>;
  search(q: string, limit: number): Promise<SearchHit[]>;
}
