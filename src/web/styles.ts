/**
 * The portal's one stylesheet, served as /assets/site.<hash>.css with a year-long cache.
 * System CJK fonts only (no font download). Colours meet WCAG AA / the 适老化 guidance:
 * body text #1a1a1a on white (17:1), links #0b4f8a (8.6:1), muted text #4a4a4a (8.9:1);
 * base size 18px, line height 1.6 (tables 1.45); focus outlines are always visible.
 */
import { createHash } from 'node:crypto';

export const SITE_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:#1a1a1a;background:#fff;font-size:18px;line-height:1.6;
  font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}
a{color:#0b4f8a;text-underline-offset:.15em}
a:hover{color:#062d52}
:focus-visible{outline:3px solid #c45500;outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0;background:#fff;padding:8px 12px;z-index:10}
.skip:focus{left:8px}
.site-header{background:#8b1a1a;color:#fff}
.site-header .bar{max-width:1200px;margin:0 auto;padding:10px 16px;display:flex;flex-wrap:wrap;gap:8px 20px;align-items:center}
.site-header a{color:#fff}
.brand{font-size:22px;font-weight:bold;text-decoration:none;margin-right:auto}
.site-nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}
.site-nav a{display:inline-block;padding:6px 2px;min-height:44px;line-height:32px}
.site-nav a[aria-current="page"]{font-weight:bold;text-decoration-thickness:3px}
main{max-width:1200px;margin:0 auto;padding:16px 16px 48px}
.crumbs{font-size:16px;margin:0 0 8px;color:#4a4a4a}
.crumbs ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px}
.crumbs li+li::before{content:"›";margin:0 6px;color:#4a4a4a}
h1{font-size:28px;line-height:1.35;margin:8px 0 12px}
h2{font-size:22px;line-height:1.4;margin:28px 0 10px}
h3{font-size:19px;margin:20px 0 8px}
p{margin:.4em 0}
.muted{color:#4a4a4a}
.lead{font-size:19px}
.site-footer{border-top:1px solid #bbb;color:#4a4a4a;font-size:16px}
.site-footer .bar{max-width:1200px;margin:0 auto;padding:16px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px;margin:12px 0}
.card{border:1px solid #999;border-radius:6px;padding:12px 16px;background:#fafafa}
.card .num{font-size:30px;font-weight:bold;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:0 8px;border-radius:4px;font-size:16px;border:1px solid currentColor;white-space:nowrap}
.st-published{color:#0a5a2a;background:#eaf6ee}
.st-late{color:#8a4b00;background:#fff4e0}
.st-overdue,.st-error{color:#a00000;background:#fdeaea}
.st-missing{color:#4a4a4a;background:#f0f0f0}
.st-corrected{color:#5a2d82;background:#f3ecfa}
form.inline{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end;margin:12px 0}
label{display:block;font-weight:bold;margin:0 0 4px}
form.inline label{display:flex;flex-direction:column;font-weight:bold;gap:2px}
input,select,textarea,button{font:inherit;font-size:18px;line-height:1.4;max-width:100%}
form label{max-width:100%;min-width:0}
select{min-width:0}
.visually-hidden{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
input[type=text],input[type=search],input[type=password],input[type=date],input[type=email],select,textarea{
  border:2px solid #555;border-radius:4px;padding:8px 10px;min-height:44px;background:#fff;color:#1a1a1a;max-width:100%}
textarea{width:100%;min-height:6em}
button,.button{display:inline-block;min-height:44px;padding:8px 18px;border-radius:4px;border:2px solid #0b4f8a;
  background:#0b4f8a;color:#fff;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:#0b4f8a}
button.danger{background:#a00000;border-color:#a00000}
.search-box{display:flex;gap:8px;max-width:640px}
.search-box input{flex:1;min-width:0}
.table-scroll{overflow-x:auto;max-width:100%;margin:8px 0;border:1px solid #999;-webkit-overflow-scrolling:touch}
.data{border-collapse:separate;border-spacing:0;font-size:16px;line-height:1.45;width:max-content;min-width:100%}
.data th,.data td{border-right:1px solid #999;border-bottom:1px solid #999;padding:4px 8px;vertical-align:middle;background:#fff}
.data thead th{background:#eef1f5;font-weight:bold;text-align:center;min-width:5em;max-width:16em}
.data td.amount{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.data td.code{white-space:nowrap;font-variant-numeric:tabular-nums}
.data td.label{min-width:8em;max-width:22em;white-space:pre-wrap}
.data td.text{min-width:12em;max-width:30em;white-space:pre-wrap}
.data tr.total td,.data tr.department td{font-weight:bold}
.data tr.class td{background:#fbfbfb}
.data.layout-grid tbody td:first-child,.data.layout-grid thead tr:first-child th:first-child,
.data.layout-side-by-side tbody td:first-child,.data.layout-side-by-side thead tr:first-child th:first-child,
.data.sticky tbody td:first-child,.data.sticky thead th:first-child{position:sticky;left:0;z-index:1;box-shadow:2px 0 0 #999}
.data.layout-grid thead tr:first-child th:first-child{z-index:2;background:#eef1f5}
.data td:target{outline:3px solid #c45500;outline-offset:-3px;background:#fff4d6}
.data td a{color:inherit;text-decoration:none}
.data td a:hover,.data td a:focus-visible{text-decoration:underline;color:#0b4f8a}
.simple{border-collapse:collapse;width:max-content;min-width:100%;font-size:16px;line-height:1.45}
.simple th,.simple td{border:1px solid #999;padding:6px 10px;text-align:left;vertical-align:top;background:#fff}
.simple thead th{background:#eef1f5}
.simple td.num,.simple th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.simple tbody th{position:sticky;left:0;z-index:1;background:#fff;box-shadow:2px 0 0 #999;font-weight:normal}
.up{color:#a00000}.down{color:#0a5a2a}
.table-section{margin:8px 0 24px}
.table-details{border-top:1px solid #bbb}
.table-details>summary{font-size:19px;font-weight:bold;line-height:1.5;padding:8px 0;min-height:44px}
@media print{.table-details>summary{display:none}}
.table-section h2{font-size:20px;text-align:left;margin:0 0 6px}
.captions{display:flex;flex-wrap:wrap;justify-content:space-between;gap:4px 16px;font-size:16px;margin:0 0 4px}
.note{font-size:16px;margin:6px 0 0;white-space:pre-wrap}
.narrative{line-height:1.8;max-width:48em}
.narrative p{text-indent:2em;margin:.3em 0}
.narrative p:target{background:#fff4d6;outline:2px solid #c45500}
.narrative p.todo{color:#a00000;background:#fdeaea}
.toc ol{columns:2 20em;margin:0;padding-left:1.6em}
.toc li{break-inside:avoid;padding:2px 0}
.downloads ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:8px}
.downloads a{display:inline-block;border:2px solid #0b4f8a;border-radius:4px;padding:6px 12px;min-height:44px;text-decoration:none}
.banner{border-left:6px solid #5a2d82;background:#f3ecfa;padding:10px 14px;margin:12px 0}
.banner.warn{border-color:#a00000;background:#fdeaea}
.banner.ok{border-color:#0a5a2a;background:#eaf6ee}
.chart{margin:16px 0 24px;max-width:900px}
.chart svg{width:100%;height:auto;display:block}
.chart figcaption{font-weight:bold;font-size:19px;margin:0 0 6px}
details{margin:6px 0}
summary{cursor:pointer;min-height:44px;line-height:44px;color:#0b4f8a}
.findings li{margin:6px 0}
.sev-错误{color:#a00000;font-weight:bold}.sev-警告{color:#8a4b00;font-weight:bold}.sev-提示{color:#4a4a4a}
.score{font-size:40px;font-weight:bold;font-variant-numeric:tabular-nums}
.check-pass{color:#0a5a2a}.check-fail{color:#a00000}.check-unknown{color:#8a4b00}
.hits li{margin:10px 0}
mark{background:#ffe08a;color:#1a1a1a}
.errors{border:2px solid #a00000;padding:8px 16px;background:#fdeaea}
.two-col{display:grid;grid-template-columns:1fr;gap:16px}
@media (min-width:900px){.two-col{grid-template-columns:2fr 1fr}}
.live{border:1px dashed #555;padding:12px;background:#fafafa;white-space:pre-wrap;line-height:1.8}
@media print{.site-header,.site-footer,.skip,.downloads,form{display:none}.table-scroll{overflow:visible;border:0}}
`;

export const SITE_CSS_HASH = createHash('sha256').update(SITE_CSS).digest('hex').slice(0, 12);
export const SITE_CSS_PATH = `/assets/site.${SITE_CSS_HASH}.css`;
