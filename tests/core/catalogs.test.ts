import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  functionAncestry,
  functionLevel,
  lookup,
  nameOf,
  parentCode,
  sameName,
} from '../../src/core/catalogs/catalog.ts';
import { documentEntry, findFund, mappingKind, mapToGovEcon, withAdditions } from '../../src/core/catalogs/catalogs.ts';
import { applyImports, importCatalogFile, loadBundledCatalogs } from '../../src/io/catalog-files.ts';

const catalogs = loadBundledCatalogs();

describe('bundled catalogs', () => {
  it('load every reference file', () => {
    expect(catalogs.func.byCode.size).toBeGreaterThan(500);
    expect(catalogs.deptEcon.byCode.get('30217')?.[0]?.name).toBe('公务接待费');
    expect(catalogs.govEcon.byCode.get('50201')?.[0]?.name).toBe('办公经费');
    expect(catalogs.mapping.byKey.size).toBe(200);
    expect(catalogs.funds.length).toBeGreaterThan(20);
  });

  it('look codes up by year: renamed 类 give the edition of that year', () => {
    expect(nameOf(catalogs.func, '207', 2018)).toBe('文化体育与传媒支出');
    expect(nameOf(catalogs.func, '207', 2024)).toBe('文化旅游体育与传媒支出');
    expect(nameOf(catalogs.func, '210', 2024)).toBe('卫生健康支出');
  });

  it('report a code outside its years as out-of-range, with the nearest edition', () => {
    const r = lookup(catalogs.func, '234', 2024);
    expect(r.status).toBe('out-of-range');
    if (r.status === 'out-of-range') expect(r.entry.validTo).toBe(2021);
    expect(lookup(catalogs.func, '234', 2020).status).toBe('ok');
  });

  it('report unknown codes without failing', () => {
    expect(lookup(catalogs.func, '2089999', 2024).status).toBe('unknown');
    expect(nameOf(catalogs.func, '9999999', 2024)).toBeUndefined();
  });

  it('derive the 类/款/项 hierarchy from the code, also for codes the catalog lacks', () => {
    expect(functionLevel('2089999')).toBe(3);
    expect(functionLevel('20899')).toBe(2);
    expect(functionLevel('208')).toBe(1);
    expect(functionLevel('20')).toBeNull();
    expect(parentCode('2089999')).toBe('20899');
    expect(functionAncestry('2089999')).toEqual(['208', '20899', '2089999']);
  });

  it('map 部门 to 政府 economic codes by unit kind (参公 as 行政)', () => {
    expect(mapToGovEcon(catalogs, '30201', mappingKind('行政'))).toBe('50201');
    expect(mapToGovEcon(catalogs, '30201', mappingKind('参公'))).toBe('50201');
    expect(mapToGovEcon(catalogs, '30201', mappingKind('事业'))).toBe('50502');
    expect(mapToGovEcon(catalogs, '30107', '行政')).toBe('50101');
    expect(mapToGovEcon(catalogs, '31002', '事业')).toBe('50601');
  });

  it('find fund sources by code, name or alias, ignoring bracket widths', () => {
    expect(findFund(catalogs, 'R111')?.name).toBe('经费拨款');
    expect(findFund(catalogs, '经费拨款')?.code).toBe('R111');
    expect(findFund(catalogs, '国有资源（资产）有偿使用收入')?.code).toBe('10307');
    expect(findFund(catalogs, '外国政府和国际组织赠款')?.code).toBe('R115');
    expect(findFund(catalogs, '不存在的资金')).toBeUndefined();
  });

  it('compare names across spelling variants', () => {
    expect(sameName('维修(护)费', '维修（护）费')).toBe(true);
    expect(sameName('办公费', '印刷费')).toBe(false);
  });
});

describe('extending catalogs', () => {
  it('adds codes met in a document for that year only', () => {
    const ext = withAdditions(catalogs, [
      { kind: '功能分类', entry: documentEntry('2089999', '其他社会保障和就业支出', 2024, 'test') },
    ]);
    expect(nameOf(ext.func, '2089999', 2024)).toBe('其他社会保障和就业支出');
    expect(lookup(ext.func, '2089999', 2023).status).toBe('out-of-range');
    // the bundled value is untouched
    expect(lookup(catalogs.func, '2089999', 2024).status).toBe('unknown');
  });

  it('imports an official catalog from CSV, overriding names for its year', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-cat-'));
    const csv = join(dir, 'func-2025.csv');
    writeFileSync(
      csv,
      'code,name,parent,level\n2089999,其他社会保障和就业支出,20899,3\n201,一般公共服务支出（2025版）,,1\n',
    );
    const imported = await importCatalogFile(csv, '功能分类', 2025);
    const ext = applyImports(catalogs, [imported]);
    expect(nameOf(ext.func, '2089999', 2025)).toBe('其他社会保障和就业支出');
    expect(nameOf(ext.func, '201', 2025)).toBe('一般公共服务支出（2025版）');
    expect(nameOf(ext.func, '201', 2024)).toBe('一般公共服务支出');
  });

  it('imports an official catalog from XLSX and names file, sheet and row in errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-cat-'));
    const file = join(dir, 'econ.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('部门经济分类');
    ws.addRow(['科目编码', '科目名称']);
    ws.addRow(['30241', '新增科目']);
    ws.addRow(['3A', '坏编码']);
    await wb.xlsx.writeFile(file);
    await expect(importCatalogFile(file, '部门经济分类', 2025)).rejects.toThrow(
      /econ\.xlsx 工作表“部门经济分类”第 3 行：科目编码“3A”/,
    );
    ws.spliceRows(3, 1);
    await wb.xlsx.writeFile(file);
    const ok = await importCatalogFile(file, '部门经济分类', 2025);
    expect(nameOf(applyImports(catalogs, [ok]).deptEcon, '30241', 2025)).toBe('新增科目');
  });
});
