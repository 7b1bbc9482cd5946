// The research page (shared.js comes first): search, a place's pairs as a table, a timeline of
// the years they were established, and each fact's evidence in its article.
'use strict';

const token = document.querySelector('meta[name="youcheng-token"]').content;
const $ = (id) => document.getElementById(id);

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

function drawTimeline(pairs) {
  const svg = $('timeline');
  svg.replaceChildren();
  const years = new Map();
  for (const p of pairs) if (p.since) years.set(p.since.slice(0, 4), (years.get(p.since.slice(0, 4)) || 0) + 1);
  svg.hidden = years.size === 0;
  if (!years.size) return;
  const keys = [...years.keys()].map(Number);
  const lo = Math.min(...keys);
  const hi = Math.max(...keys);
  const width = svg.clientWidth || 800;
  const span = Math.max(1, hi - lo);
  const max = Math.max(...years.values());
  const ns = 'http://www.w3.org/2000/svg';
  const x = (y) => 30 + ((y - lo) / span) * (width - 60);
  const axis = document.createElementNS(ns, 'line');
  for (const [k, v] of [
    ['x1', 30],
    ['x2', width - 30],
    ['y1', 110],
    ['y2', 110],
  ])
    axis.setAttribute(k, String(v));
  axis.setAttribute('stroke', '#888');
  svg.append(axis);
  for (const [year, n] of years) {
    const h = (n / max) * 90;
    const bar = document.createElementNS(ns, 'rect');
    for (const [k, v] of [
      ['x', x(Number(year)) - 6],
      ['y', 110 - h],
      ['width', 12],
      ['height', h],
    ])
      bar.setAttribute(k, String(v));
    bar.setAttribute('fill', '#e6a100');
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${year}: ${n} pair(s)`;
    bar.append(title);
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', String(x(Number(year)) - 14));
    label.setAttribute('y', '128');
    label.setAttribute('font-size', '11');
    label.textContent = year;
    svg.append(bar, label);
  }
}

async function showPairs(e) {
  if (e) e.preventDefault();
  const p = new URLSearchParams({ type: 'city_pair' });
  for (const id of ['place', 'country', 'relation', 'since', 'until']) if ($(id).value.trim()) p.set(id, $(id).value.trim());
  if ($('all').checked) p.set('all', '1');
  try {
    const { facts } = await get(`/api/research/facts?${p}`);
    const body = $('pairs').querySelector('tbody');
    body.replaceChildren();
    for (const f of facts) {
      const tr = el('tr');
      const link = el('a', `${f.citations.length} quote(s)`);
      link.href = `#${f.id}`;
      link.addEventListener('click', (ev) => {
        ev.preventDefault();
        showEvidence(f.id);
      });
      const cells = [f.a.name, f.b.name, f.b.country || '', f.relation, f.since || '', f.status].map((t) => el('td', t));
      const last = el('td');
      last.append(link);
      tr.append(...cells, last);
      body.append(tr);
    }
    $('pairs').hidden = false;
    $('pairs-title').hidden = false;
    $('pairs-title').textContent = `${facts.length} pair(s)`;
    drawTimeline(facts);
    say('');
  } catch (err) {
    say(err.message, 'error');
  }
}

async function showEvidence(id) {
  try {
    const d = await get(`/api/facts/${id}`);
    $('evidence').hidden = false;
    $('ev-summary').textContent = d.summary;
    $('ev-doc').textContent = `${d.document.title || '(no title)'} · ${d.document.source} · published ${d.document.published || 'unknown'}`;
    renderText($('ev-text'), d.document.original, d.fact.evidence);
  } catch (err) {
    say(err.message, 'error');
  }
}

$('search-form').addEventListener('submit', search);
$('filters').addEventListener('submit', showPairs);
showPairs();
