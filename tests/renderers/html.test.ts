import { describe, expect, it } from 'vitest';
import type { PackageTable } from '../../src/core/package/model.ts';
import { renderHtml } from '../../src/renderers/html.ts';
import { buildFixturePackage, UNIT_NAME, WEIRD_LABEL, WEIRD_TEXT } from './fixture.ts';

/** The test's own escaping, to look for data as it must appear in the page. */
function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function count(haystack: string, re: RegExp): number {
  return haystack.match(re)?.length ?? 0;
}

/** The `<section>` of one table, cut out of the page by its id. */
function sectionOf(html: string, id: string): string {
  const start = html.indexOf(`<section class="table-section`);
  expect(start).toBeGreaterThan(0);
  const at = html.indexOf(`id="${id}"`);
  expect(at).toBeGreaterThan(0);
  const from = html.lastIndexOf('<section', at);
  return html.slice(from, html.indexOf('</section>', at) + '</section>'.length);
}

describe('html', () => {
  const pkg = buildFixturePackage();
  const html = renderHtml(pkg);

  it('is a standalone zh-CN UTF-8 document with inline print CSS', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/@page\s*\{[^}]*size:\s*A4 landscape/);
    expect(html).toMatch(/page-break-before:\s*always/);
    expect(html).toMatch(/thead\s*\{[^}]*display:\s*table-header-group/);
    expect(html).toContain('"Noto Serif CJK SC","Noto Sans CJK SC","SimSun",serif');
    expect(html).toContain('tabular-nums');
    // no external assets
    expect(html).not.toMatch(/<link\b|<script\b|<img\b|\bsrc=|url\(/i);
    expect(html).not.toMatch(/href="(?!#)/);
  });

  it('has balanced structure and no raw "<" from data', () => {
    for (const tag of [
      'html',
      'head',
      'body',
      'table',
      'thead',
      'tbody',
      'tr',
      'section',
      'nav',
      'ol',
      'li',
      'dl',
      'p',
      'h1',
      'h2',
    ]) {
      const open = count(html, new RegExp(`<${tag}[\\s>]`, 'g'));
      const close = count(html, new RegExp(`</${tag}>`, 'g'));
      expect(close, tag).toBe(open);
    }
    expect(count(html, /<table[\s>]/g)).toBe(pkg.tables.length);
    // every "<" opens a tag this renderer writes
    const allowed = new Set([
      '!DOCTYPE',
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'header',
      'main',
      'p',
      'h1',
      'h2',
      'dl',
      'dt',
      'dd',
      'nav',
      'ol',
      'li',
      'span',
      'a',
      'section',
      'div',
      'table',
      'colgroup',
      'col',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'br',
    ]);
    for (const m of html.matchAll(/<\/?([^\s>/]*)/g)) expect(allowed, m[0]).toContain(m[1]);
    // data is escaped
    expect(html).not.toContain('<x>');
    expect(html).not.toContain('<script>');
    expect(html).toContain(esc(WEIRD_TEXT));
    expect(html).toContain(esc(WEIRD_LABEL).replace('\n', '<br>'));
    // the text inside <style> has no tags
    const style = html.slice(html.indexOf('<style>') + 7, html.indexOf('</style>'));
    expect(style).not.toContain('<');
  });

  it('shows the cover facts and a 目录 whose links reach every table', () => {
    expect(html).toContain(`<h1>${esc(pkg.title)}</h1>`);
    expect(html).toContain(UNIT_NAME);
    expect(html).toContain(pkg.unit.code);
    expect(html).toContain('2024年');
    const nav = html.slice(html.indexOf('<nav'), html.indexOf('</nav>'));
    const links = [...nav.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)];
    // the 目录 lists each table by the title printed on its page (T22: 专项资金支出方向绩效目标表)
    expect(links.map((l) => l[2])).toEqual(pkg.tables.map((t) => esc(t.printedTitle.trim() || t.title)));
    for (const l of links) expect(sectionOf(html, l[1] as string)).toContain(`>${l[2]}</h2>`);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of links) expect(ids).toContain(l[1]);
  });

  it('prints every table with its title, captions, header spans, amounts and note', () => {
    const nav = html.slice(html.indexOf('<nav'), html.indexOf('</nav>'));
    const ids = [...nav.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1] as string);
    pkg.tables.forEach((table: PackageTable, i) => {
      const section = sectionOf(html, ids[i] as string);
      expect(section).toContain(`>${esc(table.printedTitle)}</h2>`);
      for (const c of table.captions) expect(section).toContain(esc(c));
      for (const h of table.headerRows.flat()) {
        const rs = h.rowSpan > 1 ? ` rowspan="${h.rowSpan}"` : '';
        const cs = h.colSpan > 1 ? ` colspan="${h.colSpan}"` : '';
        expect(section).toContain(`<th scope="col"${rs}${cs}>${esc(h.text)}</th>`);
      }
      const thead = section.slice(section.indexOf('<thead>'), section.indexOf('</thead>'));
      expect(count(thead, /<tr>/g)).toBe(table.headerDepth);
      for (const row of table.rows) {
        row.texts.forEach((t, c) => {
          if (table.columns[c]?.role === 'amount' && t !== '')
            expect(section).toContain(`<td class="amount">${t}</td>`);
        });
      }
      if (table.note) expect(section).toContain(`<p class="note">${esc(table.note)}</p>`);
    });
    // body merges become spans; covered cells are not written
    const form = sectionOf(html, ids[2] as string);
    expect(form).toContain('<td class="text" colspan="3">办公楼维修</td>');
    expect(form).toContain('<td class="label" rowspan="2">资金情况</td>');
    const tbody = form.slice(form.indexOf('<tbody>'), form.indexOf('</tbody>'));
    expect(count(tbody, /<td[\s>]/g)).toBe(5 * 4 - 2 - 1 - 2);
  });
});
