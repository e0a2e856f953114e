/** One Debian Chromium for the whole browser suite (playwright-core, never a downloaded browser). */
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/** axe violations of impact serious or critical, as short lines for the assertion message. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

/**
 * Elements that stick out of the viewport without being inside a horizontal scroll container
 * (a wide table inside .table-scroll is fine; a page that scrolls sideways is not).
 */
// plain JavaScript (a string): the test runner's transpiler would wrap named functions in helpers
// that do not exist inside the page
const OVERFLOW_SCRIPT = `(() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > vw + 1) out.push('document scrollWidth ' + document.documentElement.scrollWidth + ' > ' + vw);
  // a horizontal scroll container is checked itself, but its content may be wider
  const stack = [document.body];
  while (stack.length && out.length <= 10) {
    const el = stack.pop();
    const style = getComputedStyle(el);
    if (style.display === 'none') continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && (r.right > vw + 1 || r.left < -1) && style.position !== 'absolute') {
      const cls = typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '';
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' right=' + Math.round(r.right));
    }
    if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) continue;
    for (const child of el.children) stack.push(child);
  }
  return out;
})()`;

/**
 * Elements that stick out of the viewport without being inside a horizontal scroll container
 * (a wide table inside .table-scroll is fine; a page that scrolls sideways is not).
 */
export async function overflowing(page: Page): Promise<string[]> {
  return (await page.evaluate(OVERFLOW_SCRIPT)) as string[];
}
