/**
 * Charts drawn on the server with ECharts (SVG, no script needed), each in a <figure> with its
 * numbers as a table (in a <details>) and a CSV download. Drawing uses Number(万元) only for
 * geometry; every printed figure is the exact 万元 text.
 */
import { Decimal } from 'decimal.js';
import * as echarts from 'echarts';
import type { Fen } from '../core/money/amount.ts';
import { csvLine } from '../renderers/cells.ts';
import { type ChartData, type ChartRow, changePercent, flatRows, wan } from './chart-data.ts';
import { html, raw } from './html.ts';

const FONT = '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif';
const PALETTE = ['#0b4f8a', '#c45500', '#0a5a2a', '#8b1a1a', '#5a2d82', '#6b5800', '#00607a', '#7a3e00'];

/** 万元 as a plain number for drawing only (never printed, never summed). */
function draw(v: Fen | null | undefined): number {
  return v === null || v === undefined ? 0 : Number(v) / 1_000_000;
}

/** A row's share of the rows' exact total, to one decimal, half up. */
function share(v: Fen | null | undefined, rows: readonly ChartRow[]): string {
  const total = rows.reduce<Fen>((n, r) => n + (r.values[0] ?? 0n), 0n);
  if (v === null || v === undefined || total === 0n) return '';
  return `${new Decimal(v.toString()).div(total.toString()).mul(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`;
}

function treeData(rows: readonly ChartRow[]): unknown[] {
  return rows
    .filter((r) => (r.values[0] ?? 0n) > 0n)
    .map((r) => ({
      name: r.label,
      value: draw(r.values[0]),
      label: { formatter: `${r.label}\n${wan(r.values[0])}` },
      ...(r.children?.length ? { children: treeData(r.children) } : {}),
    }));
}

function optionFor(chart: ChartData): Record<string, unknown> {
  const base = {
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: FONT, fontSize: 14, color: '#1a1a1a' },
  };
  switch (chart.type) {
    case 'treemap':
      return {
        ...base,
        series: [
          {
            type: 'treemap',
            data: treeData(chart.rows),
            leafDepth: 2,
            roam: false,
            breadcrumb: { show: false },
            label: { show: true, fontSize: 14, color: '#fff' },
            upperLabel: { show: true, height: 24, color: '#fff' },
            levels: [
              { itemStyle: { borderColor: '#fff', borderWidth: 3, gapWidth: 3 } },
              { itemStyle: { gapWidth: 1 } },
            ],
          },
        ],
      };
    case 'pie':
      return {
        ...base,
        legend: { bottom: 0, textStyle: { fontSize: 14 } },
        series: [
          {
            type: 'pie',
            radius: ['35%', '65%'],
            label: { fontSize: 14 },
            // labels print the exact 万元 text and a share computed from exact fen, never ECharts' float
            data: chart.rows.map((r) => ({
              name: r.label,
              value: draw(r.values[0]),
              label: { formatter: `${r.label}\n${wan(r.values[0])}万元（${share(r.values[0], chart.rows)}）` },
            })),
          },
        ],
      };
    case 'bar':
    case 'change': {
      const series = chart.type === 'change' ? [chart.series[2] ?? '增减'] : chart.series;
      const col = (i: number) => (chart.type === 'change' ? 2 : i);
      return {
        ...base,
        grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
        legend: series.length > 1 ? { top: 0 } : undefined,
        xAxis: { type: 'value', axisLabel: { fontSize: 13 } },
        yAxis: {
          type: 'category',
          inverse: true,
          data: chart.rows.map((r) => r.label),
          axisLabel: { fontSize: 13, width: 160, overflow: 'truncate' },
        },
        series: series.map((name, i) => ({
          type: 'bar',
          name,
          data: chart.rows.map((r) => ({
            value: draw(r.values[col(i)]),
            label: { show: true, position: 'right', fontSize: 12, formatter: wan(r.values[col(i)]) },
          })),
        })),
      };
    }
  }
}

export function chartSvg(chart: ChartData, width = 800): string {
  const rows = chart.type === 'treemap' ? 10 : chart.rows.length * Math.max(1, chart.series.length);
  const height = chart.type === 'treemap' ? 420 : chart.type === 'pie' ? 340 : Math.max(160, 60 + rows * 30);
  const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    c.setOption(optionFor(chart) as echarts.EChartsOption);
    const svg = c.renderToSVGString();
    return svg.replace(
      '<svg ',
      `<svg role="img" aria-label="${chart.title.replace(/[<>&"]/g, '')}" focusable="false" `,
    );
  } finally {
    c.dispose();
  }
}

/** The numbers of a chart as table head + rows of text (shared by the HTML table and the CSV). */
export function chartTable(chart: ChartData): { head: string[]; rows: string[][] } {
  const withCode = chart.rows.some((r) => r.code);
  const head = [...(withCode ? ['编码'] : []), '项目', ...chart.series];
  if (chart.type === 'change') head.push('增减率');
  const rows = flatRows(chart.rows).map(({ row, depth }) => {
    const cells = [
      ...(withCode ? [row.code ?? ''] : []),
      `${'　'.repeat(depth)}${row.label}`,
      ...row.values.map((v) => wan(v)),
    ];
    if (chart.type === 'change') cells.push(changePercent(row.values[0] ?? null, row.values[1] ?? null));
    return cells;
  });
  return { head, rows };
}

/** A text field a spreadsheet would run as a formula gets a leading apostrophe (numbers stay numbers). */
export function neutraliseFormula(field: string): string {
  if (/^-?\d[\d,]*(\.\d+)?%?$/.test(field)) return field;
  return /^[=+\-@\t\r]/.test(field) ? `'${field}` : field;
}

export function chartCsv(chart: ChartData): string {
  const t = chartTable(chart);
  return `\ufeff${[t.head, ...t.rows].map((r) => csvLine(r.map(neutraliseFormula))).join('\n')}\n`;
}

/** One chart as a figure: SVG, caption, source, data table and CSV link. */
export function chartFigure(chart: ChartData, csvHref: string): string {
  const t = chartTable(chart);
  const numCol = (i: number) => i >= t.head.length - chart.series.length - (chart.type === 'change' ? 1 : 0);
  return html`<figure class="chart" id="chart-${chart.id}">
<figcaption>${chart.title}（万元）</figcaption>
${raw(chartSvg(chart))}
<p class="muted">${chart.source}</p>
<details><summary>查看数据表</summary>
<div class="table-scroll" role="region" tabindex="0" aria-label="${chart.title} 数据表">
<table class="simple"><thead><tr>${t.head.map((h, i) => html`<th scope="col"${numCol(i) ? raw(' class="num"') : ''}>${h}</th>`)}</tr></thead>
<tbody>${t.rows.map(
    (r) =>
      html`<tr>${r.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td${numCol(i) ? raw(' class="num"') : ''}>${cell}</td>`))}</tr>`,
  )}</tbody></table></div>
</details>
<p><a href="${csvHref}" download>下载数据（CSV）</a></p>
</figure>`.value;
}
