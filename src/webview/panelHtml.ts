/** The panel's HTML shell: a strict CSP with a nonce, no inline script, resources only from the extension. */
export interface PanelHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  title: string;
}

function attr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function panelHtml(i: PanelHtmlInput): string {
  const csp = [
    "default-src 'none'",
    `style-src ${i.cspSource}`,
    `font-src ${i.cspSource}`,
    `img-src ${i.cspSource}`,
    `script-src 'nonce-${i.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${attr(i.codiconUri)}" rel="stylesheet">
<link href="${attr(i.styleUri)}" rel="stylesheet">
<title>${attr(i.title)}</title>
</head>
<body>
<div class="toolbar" role="toolbar" aria-label="Filter and actions">
  <label>Filter <input id="filter" type="search" placeholder="namespace, workload, version…" aria-label="Filter rows"></label>
  <label><input id="onlyChanged" type="checkbox"> only changed</label>
  <label><input id="onlyStale" type="checkbox"> only stale</label>
  <label>Sort <select id="sort" aria-label="Sort rows"><option value="namespace">by namespace</option><option value="change">by change</option></select></label>
  <button id="copy" class="primary">Copy Markdown</button>
  <button id="saveMd">Save report (.md)</button>
  <button id="saveYaml">Save report (.yaml)</button>
  <button id="reset" title="Take a new 'before' snapshot now">Reset baseline</button>
  <span id="notice" role="status"></span>
</div>
<main id="root"><p class="muted">Loading…</p></main>
<script nonce="${attr(i.nonce)}" src="${attr(i.scriptUri)}"></script>
</body>
</html>`;
}
