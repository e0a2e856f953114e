import { describe, expect, it } from 'vitest';
import { parsePackageJson, renderJson } from '../../src/renderers/json.ts';
import { A, buildFixturePackage } from './fixture.ts';

describe('json', () => {
  it.each(['generated', 'parsed'] as const)('round-trips a %s package exactly, bigint fen included', (origin) => {
    const pkg = buildFixturePackage(origin);
    const back = parsePackageJson(renderJson(pkg));
    expect(back).toStrictEqual(pkg);
    expect(typeof back.tables[0]?.cells[0]?.value).toBe('bigint');
    expect(renderJson(back)).toBe(renderJson(pkg));
  });

  it('writes amounts as fen integer strings, pretty printed, in a versioned envelope', () => {
    const text = renderJson(buildFixturePackage());
    expect(text).toContain(`"value": "${A}"`);
    expect(text).toContain('\n  "package": {\n');
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ format: 'mingzhang-package', version: 1, amounts: 'fen' });
    // no amount is ever a JSON number
    for (const t of doc.package.tables) {
      for (const c of t.cells) expect(c.value === null || typeof c.value === 'string').toBe(true);
      for (const r of t.rows) for (const v of r.values) expect(v === null || typeof v === 'string').toBe(true);
    }
  });

  it('keeps amounts beyond 2^53 fen exact', () => {
    const pkg = buildFixturePackage();
    const big = 2n ** 70n + 1n;
    const t0 = pkg.tables[0]!;
    const huge = {
      ...pkg,
      tables: [{ ...t0, cells: t0.cells.map((c, i) => (i === 0 ? { ...c, value: -big } : c)) }, ...pkg.tables.slice(1)],
    };
    expect(parsePackageJson(renderJson(huge)).tables[0]?.cells[0]?.value).toBe(-big);
  });

  it('rejects what is not a package, with a Chinese message', () => {
    expect(() => parsePackageJson('{')).toThrow(/无法解析/);
    const doc = JSON.parse(renderJson(buildFixturePackage()));
    doc.package.tables[0].cells[0].value = 12.5;
    expect(() => parsePackageJson(JSON.stringify(doc))).toThrow(/公开包/);
    const doc2 = JSON.parse(renderJson(buildFixturePackage()));
    doc2.package.tables[0].cells[0].value = '1.5';
    expect(() => parsePackageJson(JSON.stringify(doc2))).toThrow(/以分计/);
    const doc3 = JSON.parse(renderJson(buildFixturePackage()));
    doc3.surprise = true;
    expect(() => parsePackageJson(JSON.stringify(doc3))).toThrow(/surprise/);
    expect(() => parsePackageJson(JSON.stringify(doc.package))).toThrow();
  });

  it('carries fields of a newer model through unchanged', () => {
    const doc = JSON.parse(renderJson(buildFixturePackage()));
    doc.package.publishedAt = '2024-02-01';
    doc.package.tables[0].rows[1].level = 2;
    doc.package.tables[0].cells[0].provenance.extra = ['x'];
    const back = parsePackageJson(JSON.stringify(doc)) as unknown as typeof doc.package;
    expect(back.publishedAt).toBe('2024-02-01');
    expect(back.tables[0].rows[1].level).toBe(2);
    expect(back.tables[0].cells[0].provenance.extra).toEqual(['x']);
    expect(typeof back.tables[0].cells[0].value).toBe('bigint');
    expect(JSON.parse(renderJson(back))).toEqual(doc);
  });

  it('writes keys in the model order whatever order the package was built in', () => {
    const pkg = buildFixturePackage();
    const reversed = Object.fromEntries(Object.entries(pkg).reverse()) as unknown as typeof pkg;
    expect(renderJson(reversed)).toBe(renderJson(pkg));
  });

  it('refuses a package whose amounts are not bigint', () => {
    const pkg = buildFixturePackage();
    const t0 = pkg.tables[0]!;
    const bad = {
      ...pkg,
      tables: [{ ...t0, cells: t0.cells.map((c) => ({ ...c, value: 1.5 as unknown as bigint })) }],
    };
    expect(() => renderJson(bad)).toThrow(/不符合包模型/);
  });
});
