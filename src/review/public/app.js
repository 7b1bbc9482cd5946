// The review page (shared.js comes first, add.js after): the queue (this reviewer's, or the
// disagreements to adjudicate under double review), the fact, the article, decisions, the keys and
// the resizable layout. Everything from the store reaches the document through textContent and
// createElement, never as markup, so an article holding <script> or <img onerror> stays text.
'use strict';

const token = document.querySelector('meta[name="youcheng-token"]').content;
const $ = (id) => document.getElementById(id);
const state = { queue: [], index: 0, current: null, undo: [], editing: false, mode: 'review', settings: { double: false }, session: 0, counts: null };

function say(text, kind) {
  const m = $('message');
  m.textContent = text || '';
  m.className = kind || '';
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'x-youcheng-token': token, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  return { status: res.status, data };
}

function reviewer() {
  return $('reviewer').value.trim();
}

/**
 * The reviewer's name before anything is recorded: asked once (a dialog), then kept by this
 * browser. Never the server's default: two people on one server must not vote as one.
 */
function ensureName() {
  if (reviewer()) return Promise.resolve(true);
  const dialog = $('who');
  return new Promise((resolve) => {
    dialog.returnValue = '';
    dialog.addEventListener(
      'close',
      () => {
        const name = $('who-name').value.trim();
        if (dialog.returnValue !== 'ok' || !name) return resolve(false);
        $('reviewer').value = name;
        localStorage.setItem('youcheng-reviewer', name);
        resolve(true);
      },
      { once: true },
    );
    dialog.showModal();
    $('who-name').focus();
  });
}

function filters() {
  const p = new URLSearchParams();
  for (const [key, id] of [
    ['type', 'f-type'],
    ['status', 'f-status'],
    ['method', 'f-method'],
    ['doc', 'f-doc'],
    ['min', 'f-min'],
    ['max', 'f-max'],
  ]) {
    const v = $(id).value.trim();
    if (v) p.set(key, v);
  }
  if (reviewer()) p.set('reviewer', reviewer());
  return p;
}

function renderCounter() {
  const c = state.counts;
  if (!c) return;
  const view = state.mode === 'adjudicate' ? `${state.queue.length} to adjudicate` : `${c.total} in this view${c.shown < c.total ? ` (the first ${c.shown})` : ''}`;
  $('counter').textContent = `${c.decided} decided · ${c.pending} pending · ${state.session} this session · ${view}`;
}

async function loadQueue(keepId) {
  const { status, data } = await api('GET', `/api/queue?${filters()}`);
  if (status !== 200) return say(data.error, 'error');
  state.settings = data.settings;
  state.counts = { decided: data.decided, pending: data.pending, total: data.total, shown: data.facts.length };
  $('mode').textContent = data.settings.double ? `double review · ${data.settings.adjudicator === 'either' ? 'either voter or a third' : 'a third reviewer'} adjudicates` : '';
  $('tab-adjudicate').hidden = !data.settings.double;
  const unnamed = 'Double review: enter your name as reviewer first (decisions are counted by reviewer).';
  if (data.settings.double && !reviewer()) say(unnamed, 'error');
  else if ($('message').textContent === unnamed) say('');
  if (state.mode === 'adjudicate' && data.settings.double) {
    const adj = await api('GET', `/api/adjudication?${filters()}`);
    if (adj.status !== 200) return say(adj.data.error, 'error');
    state.queue = adj.data.facts;
  } else {
    state.mode = 'review';
    state.queue = data.facts;
  }
  const adjudicate = $('tab-adjudicate');
  adjudicate.setAttribute('aria-selected', String(state.mode === 'adjudicate'));
  $('tab-review').setAttribute('aria-selected', String(state.mode === 'review'));
  renderCounter();
  const at = keepId ? state.queue.findIndex((f) => f.id === keepId) : -1;
  state.index = at >= 0 ? at : Math.min(state.index, Math.max(0, state.queue.length - 1));
  renderQueue();
  await show();
}

function renderQueue() {
  const nav = $('queue');
  nav.replaceChildren();
  state.queue.forEach((f, i) => {
    const a = el('a', null, i === state.index ? 'current' : '');
    a.href = '#';
    a.dataset.index = String(i);
    const votes = f.votes ? f.votes.map((v) => `${v.reviewer}: ${v.action}`).join(' / ') : f.status;
    a.append(el('span', f.type, `type t-${f.type}`), el('span', votes, 'status'), el('span', f.summary, 'line'));
    if (i === state.index) a.setAttribute('aria-current', 'true');
    a.addEventListener('click', (e) => {
      e.preventDefault();
      state.index = i;
      renderQueue();
      show();
    });
    nav.append(a);
  });
  nav.querySelector('a.current')?.scrollIntoView({ block: 'nearest' });
}

async function show() {
  const item = state.queue[state.index];
  $('empty').hidden = !!item;
  $('empty').textContent = state.mode === 'adjudicate' ? 'No disagreement waits for you.' : 'Nothing left in this queue.';
  $('view').hidden = !item;
  closeEditor();
  if (!item) {
    state.current = null;
    return;
  }
  const { status, data } = await api('GET', `/api/facts/${item.id}?${new URLSearchParams(reviewer() ? { reviewer: reviewer() } : {})}`);
  if (status !== 200) return say(data.error, 'error');
  render(data, item.votes);
}

/** A field's value as a reader reads it: a place with its country, lists joined, nothing as a dash. */
function readable(v) {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map(readable).join('、') : '—';
  if (typeof v === 'object') {
    if ('name' in v && 'country' in v) return `${v.name}${v.country ? `（${v.country}）` : ''}`;
    const parts = Object.entries(v).map(([k, x]) => `${k} ${readable(x)}`);
    return parts.length ? parts.join(' · ') : '—';
  }
  return String(v);
}

function fieldList(dl, fields) {
  dl.replaceChildren();
  for (const [k, v] of Object.entries(fields)) dl.append(el('dt', k), el('dd', readable(v)));
}

/** A fact's own fields (a stored vote's fields may hold its type too). */
function ownFields(fact) {
  const { evidence, method, confidence, type, ...fields } = fact;
  return fields;
}

function render(d, votes) {
  state.current = d;
  $('summary').textContent = d.summary;
  $('badges').replaceChildren(
    el('span', d.fact.type, `badge t-${d.fact.type}`),
    el('span', d.status, `badge s-${d.status}`),
    el('span', d.fact.method, `badge m-${d.fact.method}`),
    el('span', `confidence ${d.fact.confidence}`, 'badge'),
  );
  $('meta').textContent = `${d.fact.type} · ${d.status} · ${d.fact.method} · confidence ${d.fact.confidence} · version ${d.version} · ${d.id}`;
  fieldList($('fields'), ownFields(d.fact));
  renderVotes(votes);
  const doc = d.document;
  const docLine = $('doc');
  docLine.replaceChildren(el('strong', doc.title || '(no title)'), document.createTextNode(' · '));
  if (/^https?:\/\//i.test(doc.source)) {
    const a = el('a', doc.source);
    a.href = doc.source;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    docLine.append(a);
  } else docLine.append(el('span', doc.source));
  if (doc.page) docLine.append(document.createTextNode(` · page ${doc.page}`));
  docLine.append(document.createTextNode(` · published ${doc.published || 'unknown'}`));
  renderText($('text'), doc.original, d.fact.evidence);
  window.onArticleShown?.();
  const hist = $('history');
  hist.replaceChildren();
  for (const h of d.history) {
    if (h.hidden) hist.append(el('li', `${h.at} · another reviewer's vote (hidden until you vote)`, 'hidden-vote'));
    else hist.append(el('li', `${h.at} · ${h.reviewer || 'someone'} · ${h.action}${h.stage ? ` (${h.stage})` : ''}${h.after?.status ? ` → ${h.after.status}` : ''}${h.note ? ` · ${h.note}` : ''}`));
  }
}

/** The two votes of a disagreement side by side, each with a button that decides the fact its way. */
function renderVotes(votes) {
  const box = $('vote-list');
  box.replaceChildren();
  $('votes').hidden = !votes;
  if (!votes) return;
  votes.forEach((v, i) => {
    const card = el('div', null, 'vote card');
    card.append(el('h4', `${v.reviewer} · ${v.action}`), el('p', v.proposed.status === 'rejected' ? 'rejects the fact' : v.summary), el('p', v.at, 'when'));
    const dl = el('dl', null, 'fields');
    fieldList(dl, ownFields(v.proposed.fields));
    if (v.proposed.status !== 'rejected') card.append(dl);
    const take = el('button', `decide as ${v.reviewer} voted `);
    take.type = 'button';
    take.append(el('kbd', String(i + 1)));
    take.addEventListener('click', () => adjudicate(i));
    card.append(take);
    box.append(card);
  });
}

/** Two values with the same content, whatever order their keys came in. */
function sameValue(a, b) {
  const canon = (v) =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canon(v[k])]),
          )
        : v;
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

/** Decides a disagreement as vote `i` proposed: a rejection, the fact as it is, or its corrected fields. */
function adjudicate(i) {
  const v = state.queue[state.index]?.votes?.[i];
  if (!v || !state.current) return;
  if (v.proposed.status === 'rejected') return decide('reject');
  const fields = ownFields(v.proposed.fields);
  if (sameValue(fields, ownFields(state.current.fact))) return decide('approve');
  return decide('edit', fields);
}

async function decide(action, fields) {
  const d = state.current;
  if (!d || !(await ensureName())) return;
  const body = { action, version: d.version, note: $('note').value.trim() || undefined, reviewer: reviewer(), fields };
  const { status, data } = await api('POST', `/api/facts/${d.id}/decision`, body);
  if (status === 409) {
    render(data.fact);
    return say(`Conflict: ${data.error} (now ${data.fact.status}).`, 'error');
  }
  if (status !== 200) return say(`Refused: ${data.error}`, 'error');
  state.undo.push({ id: d.id });
  state.session++;
  $('note').value = '';
  const verb = action === 'edit' ? 'Edited and approved' : action === 'approve' ? 'Approved' : 'Rejected';
  // Under double review a first vote leaves the fact pending, and a disagreement too.
  say(`${verb}: ${data.fact.summary}${data.fact.status === 'pending' ? ' (vote recorded; the fact waits for another reviewer)' : ''}`, 'ok');
  closeEditor();
  await advance(d.id);
}

/** The next fact comes up by itself: the one after the decided fact in the refreshed queue. */
async function advance(decidedId) {
  const was = state.index;
  await loadQueue();
  const still = state.queue.findIndex((f) => f.id === decidedId);
  state.index = still >= 0 ? Math.min(still + 1, state.queue.length - 1) : Math.min(was, Math.max(0, state.queue.length - 1));
  renderQueue();
  await show();
}

async function undoLast() {
  const last = state.undo.pop();
  if (!last) return say('Nothing to undo.', 'error');
  if (!(await ensureName())) return state.undo.push(last);
  const cur = await api('GET', `/api/facts/${last.id}`);
  if (cur.status !== 200) return say(cur.data.error, 'error');
  const { status, data } = await api('POST', `/api/facts/${last.id}/undo`, { version: cur.data.version, reviewer: reviewer() });
  if (status !== 200) return say(`Undo refused: ${data.error}`, 'error');
  state.session = Math.max(0, state.session - 1);
  say(`Undone: ${data.fact.summary} is ${data.fact.status} again.`, 'ok');
  await loadQueue(last.id);
  const i = state.queue.findIndex((f) => f.id === last.id);
  if (i >= 0) state.index = i;
  renderQueue();
  render(data.fact);
}

function openEditor() {
  const d = state.current;
  if (!d) return;
  $('editor').hidden = false;
  $('edit-text').value = JSON.stringify(ownFields(d.fact), null, 2);
  state.editing = true;
  $('edit-text').focus();
}

function closeEditor() {
  $('editor').hidden = true;
  state.editing = false;
}

/** The JSON in a textarea, or null after saying why it is not JSON. */
function jsonOf(textarea) {
  try {
    return JSON.parse(textarea.value);
  } catch (err) {
    say(`Refused: the fields are not JSON (${err.message})`, 'error');
    return null;
  }
}

async function saveEdit() {
  const fields = jsonOf($('edit-text'));
  if (fields) await decide('edit', fields);
}

async function batch() {
  const d = state.current;
  if (!d) return;
  const min = Number($('batch-min').value);
  if (!Number.isFinite(min)) return say('Refused: the confidence must be a number', 'error');
  if (!(await ensureName())) return;
  if (!window.confirm(`Approve every pending fact of “${d.document.title || d.documentId}” with confidence ≥ ${min}?`)) return;
  const { status, data } = await api('POST', '/api/batch', { documentId: d.documentId, minConfidence: min, reviewer: reviewer() });
  if (status !== 200) return say(`Refused: ${data.error}`, 'error');
  state.session += data.approved;
  say(`Approved ${data.approved} fact(s).`, 'ok');
  await loadQueue();
}

function move(step) {
  if (!state.queue.length) return;
  state.index = Math.max(0, Math.min(state.queue.length - 1, state.index + step));
  renderQueue();
  show();
}

function switchQueue(mode) {
  if (mode === 'adjudicate' && !state.settings.double) return say('Adjudication is for double review (youcheng review --double).', 'error');
  state.mode = mode;
  state.index = 0;
  loadQueue();
}

const ACTIONS = {
  approve: () => decide('approve'),
  reject: () => decide('reject'),
  edit: openEditor,
  skip: () => move(1),
  undo: undoLast,
  batch,
};

/**
 * Every key of the page: the dispatcher runs the first entry whose key matches and whose `when`
 * holds, and the `?` list is made from the same table. Entries without `run` are handled where
 * they apply (the article's caret, the forms) and are listed only. add.js adds its own.
 */
const KEYS = [
  { keys: 'a', label: 'approve', run: ACTIONS.approve },
  { keys: 'x', label: 'reject', run: ACTIONS.reject },
  { keys: 'e', label: 'edit the fields (Ctrl+Enter approves them, Esc cancels)', run: ACTIONS.edit },
  { keys: ' ', label: 'skip to the next fact', run: ACTIONS.skip, shown: 'space' },
  { keys: 'u', label: 'undo your last decision', run: ACTIONS.undo },
  { keys: 'j', label: 'next fact', run: () => move(1) },
  { keys: 'k', label: 'previous fact', run: () => move(-1) },
  { keys: '1', label: 'adjudicate: decide as the first vote', run: () => adjudicate(0), when: () => state.mode === 'adjudicate' },
  { keys: '2', label: 'adjudicate: decide as the second vote', run: () => adjudicate(1), when: () => state.mode === 'adjudicate' },
  { keys: 'l', label: 'switch between your queue and the adjudication queue (double review)', run: () => switchQueue(state.mode === 'review' ? 'adjudicate' : 'review') },
  { keys: 'n', label: 'write a note (without a selection)', run: () => $('note').focus(), when: () => !window.hasArticleSelection?.() },
  { keys: 't', label: 'to the article text (then arrows move the caret)', run: () => $('text').focus() },
  { keys: 'f', label: 'to the filters', run: () => $('f-type').focus() },
  { keys: 'r', label: 'to the reviewer name', run: () => $('reviewer').focus() },
  { keys: '?', label: 'this list', run: () => openKeys() },
  { keys: 'Escape', label: 'close a form or this list; back to the keys from a field', shown: 'Esc' },
];

function openKeys() {
  const table = $('keys-table');
  table.replaceChildren();
  for (const k of KEYS) {
    const tr = el('tr');
    const key = el('td');
    key.append(el('kbd', k.shown || k.keys));
    tr.append(key, el('td', k.label));
    table.append(tr);
  }
  $('keys').showModal();
}

document.addEventListener('keydown', (e) => {
  if ($('keys').open || $('who').open) return; // a dialog closes itself on Esc
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
  if (state.editing && e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    saveEdit();
    return;
  }
  if (e.key === 'Escape') {
    closeEditor();
    window.closeAddForm?.();
    if (typing) e.target.blur();
    return;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  const entry = KEYS.find((k) => k.keys === e.key && k.run && (!k.when || k.when()));
  if (!entry) return;
  e.preventDefault();
  entry.run();
});

for (const b of document.querySelectorAll('#actions button')) {
  b.addEventListener('click', (e) => {
    if (e.target instanceof HTMLInputElement) return;
    ACTIONS[b.dataset.action]();
  });
}
$('tab-review').addEventListener('click', () => switchQueue('review'));
$('tab-adjudicate').addEventListener('click', () => switchQueue('adjudicate'));
$('keys-button').addEventListener('click', openKeys);
$('filters').addEventListener('change', (e) => {
  // Back to the keys: a filter keeps the focus otherwise, and 'a' would pick an option.
  if (e.target instanceof HTMLElement) e.target.blur();
  state.index = 0;
  loadQueue();
});
$('filters').addEventListener('submit', (e) => e.preventDefault());
// A personal link (review --reviewers) names its reviewer, fixed; otherwise this browser's own name, or none yet.
const linked = document.querySelector('meta[name="youcheng-reviewer"]').content;
$('reviewer').value = linked || localStorage.getItem('youcheng-reviewer') || '';
$('reviewer').readOnly = !!linked;
$('reviewer').addEventListener('change', () => {
  localStorage.setItem('youcheng-reviewer', reviewer());
  state.index = 0;
  loadQueue();
});

/** The queue and the fact take the width they were given (dragged or with arrow keys), the article the rest. */
function resizable(handle, variable, min) {
  const root = document.documentElement;
  const width = () => Number.parseFloat(getComputedStyle(root).getPropertyValue(variable)) || min;
  const set = (px) => {
    const w = Math.round(Math.max(min, Math.min(px, window.innerWidth * 0.6)));
    root.style.setProperty(variable, `${w}px`);
    handle.setAttribute('aria-valuenow', String(w));
    localStorage.setItem(`youcheng${variable}`, String(w));
  };
  const saved = Number(localStorage.getItem(`youcheng${variable}`));
  if (saved) set(saved);
  handle.addEventListener('pointerdown', (e) => {
    handle.setPointerCapture(e.pointerId);
    const from = e.clientX;
    const start = width();
    const onMove = (m) => set(start + m.clientX - from);
    handle.addEventListener('pointermove', onMove);
    handle.addEventListener('pointerup', () => handle.removeEventListener('pointermove', onMove), { once: true });
  });
  handle.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? 80 : 20;
    if (e.key === 'ArrowLeft') set(width() - step);
    else if (e.key === 'ArrowRight') set(width() + step);
    else return;
    e.preventDefault();
    e.stopPropagation();
  });
}
resizable($('handle-queue'), '--queue-width', 160);
resizable($('handle-fact'), '--fact-width', 260);
loadQueue();
