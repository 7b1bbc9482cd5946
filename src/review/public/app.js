// The review page (shared.js comes first). Everything from the store reaches the document through
// textContent and createElement, never as markup, so an article holding <script> or <img onerror>
// stays text.
'use strict';

const token = document.querySelector('meta[name="youcheng-token"]').content;
const $ = (id) => document.getElementById(id);
const state = { queue: [], index: 0, current: null, undo: [], editing: false };

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
  return p;
}

async function loadQueue(keepId) {
  const { status, data } = await api('GET', `/api/queue?${filters()}`);
  if (status !== 200) return say(data.error, 'error');
  state.queue = data.facts;
  $('counter').textContent = `${data.pending} pending · ${data.total} in this view${data.facts.length < data.total ? ` (the first ${data.facts.length})` : ''}`;
  const at = keepId ? state.queue.findIndex((f) => f.id === keepId) : -1;
  state.index = at >= 0 ? at : Math.min(state.index, Math.max(0, state.queue.length - 1));
  renderQueue();
  await show();
}

function renderQueue() {
  const nav = $('queue');
  nav.replaceChildren();
  state.queue.forEach((f, i) => {
    const a = el('a');
    a.href = '#';
    a.dataset.index = String(i);
    a.append(el('span', f.status, 'status'), el('span', `${f.type} · ${f.summary}`));
    if (i === state.index) a.className = 'current';
    a.addEventListener('click', (e) => {
      e.preventDefault();
      state.index = i;
      renderQueue();
      show();
    });
    nav.append(a);
  });
}

async function show() {
  const item = state.queue[state.index];
  $('empty').hidden = !!item;
  $('view').hidden = !item;
  closeEditor();
  if (!item) {
    state.current = null;
    return;
  }
  const { status, data } = await api('GET', `/api/facts/${item.id}`);
  if (status !== 200) return say(data.error, 'error');
  render(data);
}

function render(d) {
  state.current = d;
  $('summary').textContent = d.summary;
  $('meta').textContent = `${d.fact.type} · ${d.status} · ${d.fact.method} · confidence ${d.fact.confidence} · version ${d.version} · ${d.id}`;
  const dl = $('fields');
  dl.replaceChildren();
  const { evidence, method, confidence, type, ...fields } = d.fact;
  for (const [k, v] of Object.entries(fields)) dl.append(el('dt', k), el('dd', typeof v === 'object' && v !== null ? JSON.stringify(v) : v));
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
  renderText($('text'), doc.original, evidence);
  const hist = $('history');
  hist.replaceChildren();
  for (const h of d.history) hist.append(el('li', `${h.at} · ${h.reviewer || 'someone'} · ${h.action}${h.after ? ` → ${h.after.status}` : ''}${h.note ? ` · ${h.note}` : ''}`));
}

function reviewer() {
  return $('reviewer').value.trim();
}

async function decide(action, fields) {
  const d = state.current;
  if (!d) return;
  const body = { action, version: d.version, note: $('note').value.trim() || undefined, reviewer: reviewer(), fields };
  const { status, data } = await api('POST', `/api/facts/${d.id}/decision`, body);
  if (status === 409) {
    render(data.fact);
    return say(`Conflict: ${data.error} (now ${data.fact.status}).`, 'error');
  }
  if (status !== 200) return say(`Refused: ${data.error}`, 'error');
  state.undo.push({ id: d.id });
  $('note').value = '';
  say(`${action === 'edit' ? 'Edited and approved' : action === 'approve' ? 'Approved' : 'Rejected'}: ${data.fact.summary}`, 'ok');
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
  const cur = await api('GET', `/api/facts/${last.id}`);
  if (cur.status !== 200) return say(cur.data.error, 'error');
  const { status, data } = await api('POST', `/api/facts/${last.id}/undo`, { version: cur.data.version, reviewer: reviewer() });
  if (status !== 200) return say(`Undo refused: ${data.error}`, 'error');
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
  const { evidence, method, confidence, type, ...fields } = d.fact;
  $('editor').hidden = false;
  $('edit-text').value = JSON.stringify(fields, null, 2);
  state.editing = true;
  $('edit-text').focus();
}

function closeEditor() {
  $('editor').hidden = true;
  state.editing = false;
}

async function saveEdit() {
  let fields;
  try {
    fields = JSON.parse($('edit-text').value);
  } catch (err) {
    return say(`Refused: the fields are not JSON (${err.message})`, 'error');
  }
  await decide('edit', fields);
}

async function batch() {
  const d = state.current;
  if (!d) return;
  const min = Number($('batch-min').value);
  if (!Number.isFinite(min)) return say('Refused: the confidence must be a number', 'error');
  if (!window.confirm(`Approve every pending fact of “${d.document.title || d.documentId}” with confidence ≥ ${min}?`)) return;
  const { status, data } = await api('POST', '/api/batch', { documentId: d.documentId, minConfidence: min, reviewer: reviewer() });
  if (status !== 200) return say(`Refused: ${data.error}`, 'error');
  say(`Approved ${data.approved} fact(s).`, 'ok');
  await loadQueue();
}

function move(step) {
  if (!state.queue.length) return;
  state.index = Math.max(0, Math.min(state.queue.length - 1, state.index + step));
  renderQueue();
  show();
}

const ACTIONS = {
  approve: () => decide('approve'),
  reject: () => decide('reject'),
  edit: openEditor,
  skip: () => move(1),
  undo: undoLast,
  batch,
};

document.addEventListener('keydown', (e) => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
  if (state.editing && e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    saveEdit();
    return;
  }
  if (e.key === 'Escape') {
    closeEditor();
    if (typing) e.target.blur();
    return;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  const key = { a: 'approve', x: 'reject', e: 'edit', ' ': 'skip', u: 'undo' }[e.key];
  if (key) {
    e.preventDefault();
    ACTIONS[key]();
  } else if (e.key === 'j') move(1);
  else if (e.key === 'k') move(-1);
  else if (e.key === 'n') {
    e.preventDefault();
    $('note').focus();
  }
});

for (const b of document.querySelectorAll('#actions button')) {
  b.addEventListener('click', (e) => {
    if (e.target instanceof HTMLInputElement) return;
    ACTIONS[b.dataset.action]();
  });
}
$('filters').addEventListener('change', (e) => {
  // Back to the keys: a filter keeps the focus otherwise, and 'a' would pick an option.
  if (e.target instanceof HTMLElement) e.target.blur();
  state.index = 0;
  loadQueue();
});
$('filters').addEventListener('submit', (e) => e.preventDefault());
$('reviewer').value = localStorage.getItem('youcheng-reviewer') || document.querySelector('meta[name="youcheng-reviewer"]').content;
$('reviewer').addEventListener('change', () => localStorage.setItem('youcheng-reviewer', reviewer()));
loadQueue();
