/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The portal's only script: it adds interaction, never content (every page works without it).
 *  - 说明 reasons form: the generated text follows the typing (debounced POST to the preview route);
 *  - tables: a “复制链接” button beside each table title copies its permalink.
 */

function debounce<T extends unknown[]>(fn: (...a: T) => void, ms: number) {
  let t: ReturnType<typeof setTimeout> | undefined;
  return (...a: T) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...a), ms);
  };
}

function liveReasons(form: HTMLFormElement): void {
  const url = form.dataset.liveReasons;
  const out = document.getElementById('live-text');
  if (!url || !out) return;
  const csrf = (form.querySelector('input[name="_csrf"]') as HTMLInputElement | null)?.value ?? '';
  let seq = 0;
  const update = debounce(async () => {
    const mine = ++seq;
    const body = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && k.startsWith('reason:')) body.append(k, v);
    out.setAttribute('aria-busy', 'true');
    try {
      const r = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'x-csrf-token': csrf },
        credentials: 'same-origin',
      });
      if (r.ok && mine === seq) out.innerHTML = await r.text();
    } finally {
      if (mine === seq) out.removeAttribute('aria-busy');
    }
  }, 300);
  for (const el of form.querySelectorAll('[data-live]')) el.addEventListener('input', update);
}

function copyLinks(): void {
  if (!navigator.clipboard) return;
  for (const h of document.querySelectorAll<HTMLElement>('.table-section > h2')) {
    const section = h.closest('section');
    const link = h.querySelector('a')?.href ?? (section?.id ? `${location.href.split('#')[0]}#${section.id}` : '');
    if (!link) continue;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary copy-link';
    b.textContent = '复制链接';
    b.addEventListener('click', async () => {
      await navigator.clipboard.writeText(link);
      b.textContent = '已复制';
      setTimeout(() => {
        b.textContent = '复制链接';
      }, 1500);
    });
    h.append(' ', b);
  }
}

for (const f of document.querySelectorAll<HTMLFormElement>('form[data-live-reasons]')) liveReasons(f);
copyLinks();

// a link to a table inside a closed <details> opens it (browsers without auto-expansion)
function openTarget(): void {
  const id = decodeURIComponent(location.hash.slice(1));
  const el = id ? document.getElementById(id) : null;
  const details = el?.closest('details');
  if (details && !details.open) {
    details.open = true;
    el?.scrollIntoView();
  }
}
window.addEventListener('hashchange', openTarget);
openTarget();

// printing shows every table
window.addEventListener('beforeprint', () => {
  for (const d of document.querySelectorAll('details.table-details')) (d as HTMLDetailsElement).open = true;
});
