// The research page (shared.js comes first): search, and for a place its relationships as a
// table, a world map with the partners and arcs, the network among the places shown and a
// timeline of the years they were established; each relationship's citations in their articles.
// The server computes every shape (map outlines, points, arcs, layout); strings go in as text.
'use strict';

const token = document.querySelector('meta[name="youcheng-token"]').content;
const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

async function get(path) {
  const res = await fetch(path, { headers: { 'x-youcheng-token': token } });
  const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (res.status !== 200) throw new Error(data.error);
  return data;
}

function say(text, kind) {
  $('message').textContent = text || '';
  $('message').className = kind || '';
}

/** An SVG element with attributes, and a tooltip when `tip` is given. */
function svg(tag, attrs, tip) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (tip) {
    const title = document.createElementNS(SVG, 'title');
    title.textContent = tip;
    e.append(title);
  }
  return e;
}

async function search(e) {
  e.preventDefault();
  const q = $('q').value.trim();
  if (!q) return;
  try {
    const { hits } = await get(`/api/research/search?q=${encodeURIComponent(q)}`);
    const box = $('hits');
    box.replaceChildren(el('h3', `${hits.length} article(s) holding “${q}”`));
    for (const h of hits) {
      const item = el('div', null, 'hit');
      item.append(el('strong', h.title || '(no title)'), el('span', ` · ${h.source}${h.published ? ` · ${h.published}` : ''} · ${h.facts} fact(s)`), el('p', h.snippet));
      box.append(item);
    }
    say('');
  } catch (err) {
    say(err.message, 'error');
  }
}

let outlines = null;

async function drawCountries() {
  if (outlines) return;
  outlines = await get('/api/research/map');
  $('countries').replaceChildren(...outlines.countries.map((d) => svg('path', { d, class: 'country' })));
}

function drawMap(data) {
  $('arcs').replaceChildren(...data.relationships.filter((r) => r.arc).map((r) => svg('path', { d: r.arc, class: `arc ${r.relation}` }, `${r.partner.name} · ${r.relation}`)));
  const points = [];
  for (const r of data.relationships) {
    const p = r.partner;
    if (p.point)
      points.push(svg('circle', { cx: p.point.x, cy: p.point.y, r: 4, class: 'partner', 'data-place': p.id }, `${p.name} (${p.country || '?'}) · ${r.relation}${r.since ? ` · ${r.since}` : ''}`));
  }
  for (const f of data.focus) if (f.point) points.push(svg('circle', { cx: f.point.x, cy: f.point.y, r: 6, class: 'focus', 'data-focus': f.id }, f.name));
  $('points').replaceChildren(...points);
}

function drawNetwork(network) {
  const at = new Map(network.nodes.map((n) => [n.id, n]));
  $('network').classList.toggle('grouped', network.grouped);
  $('edges').replaceChildren(
    ...network.edges.map((e) =>
      svg('line', { x1: at.get(e.source).x, y1: at.get(e.source).y, x2: at.get(e.target).x, y2: at.get(e.target).y, class: e.relation, 'data-relationship': e.id }, e.relation),
    ),
  );
  const circles = [];
  const labels = [];
  for (const n of network.nodes) {
    const r = n.focus ? 8 : n.group ? Math.min(14, 4 + Math.sqrt(n.group.members)) : network.grouped ? 1.6 : 5;
    const tip = n.group ? `${n.name}: ${n.group.members} partner(s)` : `${n.name} (${n.country || '?'})`;
    circles.push(svg('circle', { cx: n.x, cy: n.y, r, class: n.focus ? 'focus' : n.group ? 'group' : '', 'data-node': n.id }, tip));
    if (!n.label) continue;
    // A grouped drawing places each label where it keeps clear of the others; a force layout beside its node.
    const label = svg('text', n.lx === undefined ? { x: n.x + 8, y: n.y + 4 } : { x: n.lx, y: n.ly, 'text-anchor': n.anchor });
    label.textContent = n.group ? `${n.name} · ${n.group.members}` : n.name;
    labels.push(label);
  }
  $('nodes').replaceChildren(...circles, ...labels);
}

/** Bars of relationships by year of `since`; a year's label only where it keeps clear of the last one drawn. */
function drawTimeline(relationships) {
  const box = $('timeline');
  box.replaceChildren();
  const years = new Map();
  for (const r of relationships) if (r.since) years.set(Number(r.since.slice(0, 4)), (years.get(Number(r.since.slice(0, 4))) || 0) + 1);
  box.hidden = $('timeline-title').hidden = years.size === 0;
  if (!years.size) return;
  const keys = [...years.keys()].sort((a, b) => a - b);
  const lo = keys[0];
  const hi = keys.at(-1);
  const width = box.clientWidth || 600;
  const x = (y) => 30 + ((y - lo) / Math.max(1, hi - lo)) * (width - 60);
  const max = Math.max(...years.values());
  box.append(svg('line', { x1: 20, x2: width - 20, y1: 110, y2: 110, stroke: '#888' }));
  let lastEnd = -Infinity;
  for (const year of keys) {
    const n = years.get(year);
    const h = (n / max) * 90;
    box.append(svg('rect', { x: x(year) - 4, y: 110 - h, width: 8, height: h }, `${year}: ${n} relationship(s)`));
    const label = svg('text', { x: x(year), y: 126, 'text-anchor': 'middle' });
    label.textContent = String(year);
    box.append(label);
    const { x: left, width: w } = label.getBBox();
    // A label that would touch the one before it is left out (the bar's tooltip still names its year).
    if (left < lastEnd + 4) label.remove();
    else lastEnd = left + w;
  }
}

function sinceText(r) {
  if (!r.conflict) return r.since || '';
  const values = r.sinces.map((s) => s.since).join(' ≠ ');
  return r.resolution ? `${r.since || '?'} (resolved by ${r.resolution.reviewer || 'a reviewer'}; sources: ${values})` : `${values} (sources disagree)`;
}

function drawTable(data) {
  const body = $('relationships').querySelector('tbody');
  body.replaceChildren();
  for (const r of data.relationships) {
    const tr = el('tr');
    tr.dataset.relationship = r.id;
    const since = el('td', sinceText(r));
    if (r.conflict) since.className = 'conflict';
    const link = el('a', `${r.facts} fact(s)`);
    link.href = `#${r.id}`;
    link.addEventListener('click', (ev) => {
      ev.preventDefault();
      showSupport(r.id);
    });
    const last = el('td');
    last.append(link);
    tr.append(
      el('td', r.partner.name),
      el('td', r.partner.country || ''),
      el('td', r.relation),
      el('td', r.stages.map((s) => (s.since ? `${s.stage} ${s.since}` : s.stage)).join(' → ')),
      since,
      el('td', r.review),
      el('td', r.documents),
      el('td', r.sources),
      el('td', r.first_reported ? `${r.first_reported} – ${r.last_reported}` : ''),
      last,
    );
    body.append(tr);
  }
  // The place itself first when the gazetteer has no point for it: then no arc can be drawn either.
  const undrawn = [...data.focus.filter((f) => !f.point).map((f) => `${f.name} (the place itself: no arcs)`), ...data.relationships.filter((r) => !r.partner.point).map((r) => r.partner.name)];
  $('undrawn').hidden = undrawn.length === 0;
  $('undrawn').textContent = `Not on the map (coordinates unknown): ${undrawn.join('、')}`;
  $('relationships').hidden = false;
  $('place-title').hidden = false;
  $('place-title').textContent = `${data.place}: ${data.relationships.length} relationship(s)`;
  // What the view leaves out because no reviewer approved it yet: said, with a way to see it.
  const waiting = $('waiting');
  waiting.hidden = !data.pending;
  $('waiting-text').textContent = `${data.pending} more relationship(s) of ${data.place} await review (pending): `;
}

async function showPlace(e) {
  if (e) e.preventDefault();
  const place = $('place').value.trim();
  if (!place) return;
  const p = new URLSearchParams({ place });
  if ($('relation').value) p.set('relation', $('relation').value);
  if ($('all').checked) p.set('all', '1');
  history.replaceState(null, '', `/research?${p}`);
  try {
    await drawCountries();
    const data = await get(`/api/research/relationships?${p}`);
    drawTable(data);
    drawMap(data);
    drawNetwork(data.network);
    drawTimeline(data.relationships);
    say('');
  } catch (err) {
    say(err.message, 'error');
  }
}

async function showSupport(id) {
  try {
    const { relationship: r, support } = await get(`/api/registry/${id}`);
    $('evidence').hidden = false;
    $('ev-summary').textContent = `${r.a.name} — ${r.b.name}: ${r.relation}${r.since ? ` since ${r.since}` : ''}`;
    $('support').replaceChildren(
      ...support.map((f) => {
        const item = el('li');
        const first = f.citations[0];
        const button = el('button', `${f.status} · ${f.relation}${f.since ? ` · since ${f.since}` : ''}`);
        button.type = 'button';
        button.addEventListener('click', () => showEvidence(f.fact_id));
        item.append(button, el('span', ` ${first ? `「${first.quote}」 ${first.title || first.source}${first.published ? ` (${first.published})` : ''}` : ''}`));
        return item;
      }),
    );
    if (support[0]) await showEvidence(support[0].fact_id);
  } catch (err) {
    say(err.message, 'error');
  }
}

async function showEvidence(id) {
  try {
    const d = await get(`/api/facts/${id}`);
    $('ev-doc').textContent = `${d.document.title || '(no title)'} · ${d.document.source} · published ${d.document.published || 'unknown'}`;
    renderText($('ev-text'), d.document.original, d.fact.evidence);
  } catch (err) {
    say(err.message, 'error');
  }
}

$('search-form').addEventListener('submit', search);
$('show-pending').addEventListener('click', () => {
  $('all').checked = true;
  showPlace();
});
$('filters').addEventListener('submit', showPlace);
const opened = new URLSearchParams(location.search);
$('place').value = opened.get('place') || '';
$('relation').value = opened.get('relation') || '';
$('all').checked = opened.get('all') === '1';
if ($('place').value) showPlace();
else drawCountries().catch((err) => say(err.message, 'error'));
