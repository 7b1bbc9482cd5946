// The review page's additions (after app.js): a span selected in the article (with the mouse,
// snapped to word edges, or with a caret the arrow keys move by character, Ctrl+arrows by jieba
// word, Alt+arrows by clause, Home/End to the line's ends, Up/Down by line, Shift extending)
// becomes a fact the extractor missed, filled in by field (forms made from the record schemas, a
// place with completion from the gazetteer) or as JSON, or more evidence for the open fact; the
// rules' reading of the selection shows as it changes. Offsets are JavaScript string indices into
// the original text: the article holds nothing but that text (evidence marks wrap parts of it), so
// the text before a point, read from the DOM, is exactly its offset.
'use strict';

(() => {
  const box = $('text');
  const caret = $('caret');
  const TYPES = { c: 'city_pair', n: 'count', d: 'date', g: 'agreement', v: 'event' };
  const add = { span: null, proposals: [], blank: null };
  // A read-only text with a caret of its own: focusable, announced as such.
  box.tabIndex = 0;
  for (const [k, v] of Object.entries({ role: 'textbox', 'aria-readonly': 'true', 'aria-multiline': 'true', 'aria-label': 'the article (arrows move a caret, Shift extends the selection)' }))
    box.setAttribute(k, v);

  /** The offset of a DOM point inside the article: the length of the text before it. */
  function offsetOf(node, offset) {
    const r = document.createRange();
    r.setStart(box, 0);
    r.setEnd(node, offset);
    return r.toString().length;
  }

  /** The DOM point of an offset: the text node holding it and the offset within that node. */
  function pointAt(offset) {
    const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    let seen = 0;
    let last = null;
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (offset <= seen + n.data.length) return [n, offset - seen];
      seen += n.data.length;
      last = n;
    }
    return last ? [last, last.data.length] : [box, 0];
  }

  /** The selection's anchor and focus as offsets, when both lie in the article. */
  function selectionOffsets() {
    const sel = window.getSelection();
    if (!sel?.rangeCount || !box.contains(sel.anchorNode) || !box.contains(sel.focusNode)) return null;
    return { anchor: offsetOf(sel.anchorNode, sel.anchorOffset), focus: offsetOf(sel.focusNode, sel.focusOffset) };
  }

  window.hasArticleSelection = () => {
    const s = selectionOffsets();
    return !!s && s.anchor !== s.focus;
  };

  function select(anchor, focus) {
    const [an, ao] = pointAt(anchor);
    const [fn, fo] = pointAt(focus);
    window.getSelection().setBaseAndExtent(an, ao, fn, fo);
    showCaret();
  }

  /** A collapsed selection draws no caret in text that is not editable: this bar marks it. */
  function showCaret() {
    const sel = window.getSelection();
    const inside = document.activeElement === box && sel.rangeCount && box.contains(sel.focusNode);
    caret.hidden = !inside;
    if (!inside) return;
    const r = document.createRange();
    r.setStart(sel.focusNode, sel.focusOffset);
    const rect = r.getClientRects()[0] || r.getBoundingClientRect();
    const outer = caret.parentElement.getBoundingClientRect();
    caret.style.setProperty('--x', `${rect.left - outer.left}px`);
    caret.style.setProperty('--y', `${rect.top - outer.top}px`);
    caret.style.setProperty('--h', `${rect.height || 20}px`);
  }

  const text = () => state.current?.document.original ?? '';
  /** The open document's word ends (jieba, from the server), fetched once per document. */
  const wordsOf = { doc: null, ends: [] };
  async function loadWords() {
    const doc = state.current?.documentId;
    if (!doc || wordsOf.doc === doc) return;
    const { status, data } = await api('GET', `/api/words?doc=${encodeURIComponent(doc)}`);
    if (status === 200) Object.assign(wordsOf, { doc, ends: data.ends });
  }
  /** Word edges: 0 and every word's end, white space skipped as the caret passes it. */
  const edges = () => [0, ...wordsOf.ends];
  /** Clause and sentence edges: after each ，。；！？、： and line break. */
  const clauses = () => {
    const t = text();
    const out = [0];
    for (const m of t.matchAll(/[，,。；;！!？?、：:\n]+/g)) out.push(m.index + m[0].length);
    out.push(t.length);
    return out;
  };
  const nextEdge = (list, at) => list.find((e) => e > at) ?? text().length;
  const prevEdge = (list, at) => list.findLast((e) => e < at) ?? 0;

  /** The offset on the line above or below `at`, where the caret's x meets it. */
  function lineMoved(at, down) {
    const [n, o] = pointAt(at);
    const r = document.createRange();
    r.setStart(n, o);
    const rect = r.getClientRects()[0] || r.getBoundingClientRect();
    const y = down ? rect.bottom + rect.height / 2 : rect.top - rect.height / 2;
    const hit = document.caretRangeFromPoint?.(rect.left + 1, y);
    if (!hit || !box.contains(hit.startContainer)) return down ? text().length : 0;
    return offsetOf(hit.startContainer, hit.startOffset);
  }

  /** The line's first and last offsets around `at`, as laid out (a wrapped paragraph has several lines). */
  function lineEdge(at, end) {
    const [n, o] = pointAt(at);
    const r = document.createRange();
    r.setStart(n, o);
    const rect = r.getClientRects()[0] || r.getBoundingClientRect();
    const outer = box.getBoundingClientRect();
    const hit = document.caretRangeFromPoint?.(end ? outer.right - 2 : outer.left + 2, rect.top + rect.height / 2);
    if (hit && box.contains(hit.startContainer)) return offsetOf(hit.startContainer, hit.startOffset);
    const t = text();
    return end ? (t.indexOf('\n', at) < 0 ? t.length : t.indexOf('\n', at)) : t.lastIndexOf('\n', at - 1) + 1;
  }

  /** Where the caret goes from `at`: a character (a whole surrogate pair), a word, a clause or a line. */
  function moved(at, e) {
    const t = text();
    const forward = e.key === 'ArrowRight';
    if (e.key === 'Home' || e.key === 'End') return lineEdge(at, e.key === 'End');
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') return lineMoved(at, e.key === 'ArrowDown');
    if (e.altKey) return forward ? nextEdge(clauses(), at) : prevEdge(clauses(), at);
    if (e.ctrlKey || e.metaKey) {
      // A word's end forward (past the white space before it), its start backward.
      if (forward) {
        let from = at;
        while (/\s/.test(t[from] ?? '')) from++;
        return nextEdge(edges(), from);
      }
      return prevEdge(edges(), at);
    }
    if (forward) return Math.min(t.length, at + (/[\uD800-\uDBFF]/.test(t[at] ?? '') ? 2 : 1));
    return Math.max(0, at - (/[\uDC00-\uDFFF]/.test(t[at - 1] ?? '') ? 2 : 1));
  }

  box.addEventListener('keydown', (e) => {
    if (!['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key)) return;
    e.preventDefault();
    const s = selectionOffsets() ?? { anchor: 0, focus: 0 };
    const focus = moved(s.focus, e);
    select(e.shiftKey ? s.anchor : focus, focus);
  });
  // A mouse selection snaps outwards to word edges: a name is never cut in half.
  box.addEventListener('mouseup', () => {
    const s = selectionOffsets();
    if (!s || s.anchor === s.focus || !wordsOf.ends.length) return;
    const [lo, hi] = [Math.min(s.anchor, s.focus), Math.max(s.anchor, s.focus)];
    const start = edges().includes(lo) ? lo : prevEdge(edges(), lo);
    const end = edges().includes(hi) ? hi : nextEdge(edges(), hi);
    if (start !== lo || end !== hi) select(s.anchor <= s.focus ? start : end, s.anchor <= s.focus ? end : start);
  });
  box.addEventListener('focus', () => {
    // The caret starts at the open fact's first evidence, where the reader already looks.
    if (selectionOffsets()) return showCaret();
    const first = state.current?.fact.evidence.reduce((m, e) => Math.min(m, e.start), Number.POSITIVE_INFINITY);
    select(Number.isFinite(first) ? first : 0, Number.isFinite(first) ? first : 0);
  });
  box.addEventListener('blur', () => (caret.hidden = true));

  /** The rules' reading of the selection, of every type, shown as it changes (the last answer wins). */
  let readingAsked = 0;
  async function showReading() {
    const span = selectedSpan();
    const d = state.current;
    const line = $('reading');
    if (!span || !d) return (line.textContent = '');
    const asked = ++readingAsked;
    const { status, data } = await api('GET', `/api/read?${new URLSearchParams({ doc: d.documentId, start: span.start, end: span.end })}`);
    if (asked !== readingAsked) return;
    if (status !== 200) return (line.textContent = '');
    line.textContent = data.reading.length ? `The rules read: ${data.reading.map((r) => `${r.type} ${r.summary}`).join(' · ')}` : `The rules read nothing in 「${short(span.quote)}」`;
  }
  let readingTimer = 0;
  document.addEventListener('selectionchange', () => {
    showCaret();
    clearTimeout(readingTimer);
    readingTimer = setTimeout(showReading, 120);
  });
  window.onArticleShown = loadWords;

  /** The selected span of the article, as offsets and the text it holds. */
  function selectedSpan() {
    const s = selectionOffsets();
    if (!s || s.anchor === s.focus) return null;
    const start = Math.min(s.anchor, s.focus);
    const end = Math.max(s.anchor, s.focus);
    // The quote as the DOM holds it; the server checks it against the original at these offsets.
    const [sn, so] = pointAt(start);
    const [en, eo] = pointAt(end);
    const r = document.createRange();
    r.setStart(sn, so);
    r.setEnd(en, eo);
    return { start, end, quote: r.toString() };
  }

  /** `a city_pair`, `an event`. */
  const aType = (type) => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
  const short = (s) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

  /** Each fact type's fields as JSON Schema (from records.ts), fetched once. */
  let forms = null;
  const inner = (s) => (s.anyOf ? s.anyOf.find((x) => x.type !== 'null') : s);
  const nullable = (s) => !!s.anyOf?.some((x) => x.type === 'null');
  const isPlace = (s) => s.type === 'object' && Object.keys(s.properties || {}).join() === 'name,country';
  /** Reads the form back into fields: set when the form is built. */
  let readForm = () => ({});

  /** A labelled row holding `control`. */
  function row(label, ...controls) {
    const l = el('label', null, 'field');
    l.append(el('span', label, 'field-name'), ...controls);
    return l;
  }

  /** A text input (or a menu, a checkbox) for one value of `schema`; returns the element and how to read it. */
  function control(id, schema, value) {
    const s = inner(schema);
    const empty = nullable(schema) ? null : undefined;
    if (s.enum) {
      const select = el('select');
      select.id = id;
      select.append(...(nullable(schema) ? [Object.assign(el('option', '—'), { value: '' })] : []), ...s.enum.map((v) => Object.assign(el('option', v), { value: v })));
      select.value = value ?? '';
      return { node: select, read: () => (select.value === '' ? empty : select.value) };
    }
    if (s.type === 'boolean') {
      const box = Object.assign(document.createElement('input'), { type: 'checkbox', id, checked: !!value });
      return { node: box, read: () => box.checked };
    }
    const input = Object.assign(document.createElement('input'), { id, autocomplete: 'off', size: 18 });
    if (s.type === 'array') {
      input.value = (value || []).join('、');
      input.placeholder = 'separated by 、 or ,';
      return {
        node: input,
        read: () =>
          input.value
            .split(/[、,，;；]\s*/)
            .map((v) => v.trim())
            .filter(Boolean),
      };
    }
    input.value = value ?? '';
    if (s.type === 'number' || s.type === 'integer') {
      input.inputMode = 'decimal';
      // Not a number stays text: the server's schema names the problem, as for the CLI.
      return { node: input, read: () => (input.value.trim() === '' ? empty : Number.isFinite(Number(input.value)) ? Number(input.value) : input.value) };
    }
    if (s.pattern) input.placeholder = '1987, 1987-03 or 1987年3月';
    return { node: input, read: () => (input.value.trim() === '' ? empty : input.value.trim()) };
  }

  /** A place: its name with completion from the gazetteer (name, country, kind), and its country. */
  function placeControl(id, value) {
    const name = control(`${id}-name`, { type: 'string' }, value?.name);
    const country = control(`${id}-country`, { anyOf: [{ type: 'string' }, { type: 'null' }] }, value?.country);
    name.node.setAttribute('role', 'combobox');
    name.node.setAttribute('aria-autocomplete', 'list');
    name.node.setAttribute('aria-expanded', 'false');
    const list = el('ul', null, 'completion');
    list.id = `${id}-name-list`;
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    name.node.setAttribute('aria-controls', list.id);
    let choices = [];
    let active = -1;
    const close = () => {
      list.hidden = true;
      name.node.setAttribute('aria-expanded', 'false');
    };
    const pick = (i) => {
      const c = choices[i];
      if (!c) return;
      name.node.value = c.name;
      country.node.value = c.country;
      close();
    };
    const mark = () => {
      for (const [i, li] of [...list.children].entries()) li.setAttribute('aria-selected', String(i === active));
    };
    let asked = 0;
    name.node.addEventListener('input', async () => {
      const q = name.node.value.trim();
      const mine = ++asked;
      if (!q) return close();
      const { status, data } = await api('GET', `/api/places?q=${encodeURIComponent(q)}`);
      if (mine !== asked || status !== 200) return;
      choices = data.places;
      active = choices.length ? 0 : -1;
      list.replaceChildren(
        ...choices.map((c, i) => {
          const li = el('li', `${c.name} · ${c.country || '?'} · ${c.kind}${c.alias ? ` (${c.alias})` : ''}`);
          li.setAttribute('role', 'option');
          li.addEventListener('mousedown', (e) => {
            e.preventDefault();
            pick(i);
          });
          return li;
        }),
      );
      mark();
      list.hidden = !choices.length;
      name.node.setAttribute('aria-expanded', String(!list.hidden));
    });
    name.node.addEventListener('keydown', (e) => {
      if (list.hidden) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        active = (active + (e.key === 'ArrowDown' ? 1 : -1) + choices.length) % choices.length;
        mark();
      } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) pick(active);
      else if (e.key === 'Escape') close();
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
    name.node.addEventListener('blur', close);
    const wrap = el('span', null, 'place');
    wrap.append(name.node, list);
    return {
      nodes: [row(`${id.split('-').pop()} name`, wrap), row('country', country.node)],
      read: () => ({ name: name.read() ?? '', country: country.read() }),
    };
  }

  /** The fields of `schema` as rows in `into`; returns how to read them back. */
  function fieldsForm(into, schema, value, prefix) {
    const readers = [];
    for (const [key, sub] of Object.entries(schema.properties || {})) {
      const id = `${prefix}-${key}`;
      const s = inner(sub);
      const v = value?.[key];
      if (isPlace(s)) {
        const p = placeControl(id, v);
        into.append(...p.nodes);
        readers.push([key, p.read]);
      } else if (s.type === 'object') {
        const set = el('fieldset', null, 'sub');
        set.append(el('legend', key));
        readers.push([key, fieldsForm(set, s, v || {}, id)]);
        into.append(set);
      } else {
        const c = control(id, sub, v);
        into.append(row(key, c.node));
        readers.push([key, c.read]);
      }
    }
    return () => Object.fromEntries(readers.map(([k, r]) => [k, r()]).filter(([, v]) => v !== undefined && !(v && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length)));
  }

  /** The form for the add's type holding `value`. */
  function buildForm(value) {
    const box = $('add-by-field');
    box.replaceChildren();
    readForm = fieldsForm(box, forms[add.span.type], value, 'add-f');
  }

  /** The add-fact form for the selection: the rules' proposals, or blank fields, to correct and save. */
  async function startAdd(type) {
    const d = state.current;
    const span = selectedSpan();
    if (!d || !span) return;
    if (!forms) {
      const f = await api('GET', '/api/forms');
      if (f.status !== 200) return say(f.data.error, 'error');
      forms = f.data.forms;
    }
    const { status, data } = await api('POST', '/api/propose', { doc: d.documentId, type, ...span });
    if (status !== 200) return say(`Refused: ${data.error}`, 'error');
    add.span = { type, doc: d.documentId, ...span };
    add.proposals = data.proposals;
    add.blank = data.blank;
    $('add-title').textContent = `Add ${aType(type)} from the selection`;
    $('add-quote').textContent = `「${short(span.quote)}」 · characters ${span.start}–${span.end}`;
    const choice = $('add-proposal');
    choice.replaceChildren(...data.proposals.map((p, i) => Object.assign(el('option', p.summary), { value: String(i) })), Object.assign(el('option', 'nothing: blank fields'), { value: '' }));
    $('add-proposal-label').textContent = data.proposals.length ? 'the rules read' : 'the rules read nothing here';
    // The open fact can take the span as more evidence when it is of this type.
    const same = d.fact.type === type;
    $('add-target').hidden = !same;
    $('add-evidence-label').textContent = same ? d.summary : '';
    const matches = same && data.proposals[0]?.summary === d.summary;
    for (const r of document.querySelectorAll('input[name="add-target"]')) r.checked = r.value === (matches ? 'evidence' : 'fact');
    fillFields();
    $('add-form').hidden = false;
    $('add-by-field').querySelector('input, select')?.focus();
  }

  function fillFields() {
    const choice = $('add-proposal').value;
    const fields = choice === '' ? add.blank : add.proposals[Number(choice)].fields;
    buildForm(fields);
    $('add-fields').value = JSON.stringify(fields, null, 2);
  }

  /** The fields as the form or the JSON view holds them, or null after saying why they are not JSON. */
  const currentFields = () => ($('add-json').checked ? jsonOf($('add-fields')) : readForm());

  $('add-json').addEventListener('change', () => {
    const json = $('add-json').checked;
    if (json) $('add-fields').value = JSON.stringify(readForm(), null, 2);
    else {
      const fields = jsonOf($('add-fields'));
      if (!fields) return ($('add-json').checked = true);
      buildForm(fields);
    }
    $('add-fields').hidden = !json;
    $('add-by-field').hidden = json;
  });

  window.closeAddForm = () => {
    if ($('add-form').hidden) return;
    $('add-form').hidden = true;
    add.span = null;
  };

  async function saveAdd(force = false) {
    const s = add.span;
    if (!s || !(await ensureName())) return;
    const target = document.querySelector('input[name="add-target"]:checked').value;
    const span = { start: s.start, end: s.end, quote: s.quote, reviewer: reviewer(), note: $('note').value.trim() || undefined, force };
    let reply;
    if (target === 'evidence' && !$('add-target').hidden) reply = await api('POST', `/api/facts/${state.current.id}/evidence`, span);
    else {
      const fields = currentFields();
      if (!fields) return;
      reply = await api('POST', '/api/facts', { doc: s.doc, type: s.type, fields, ...span });
    }
    const { status, data } = reply;
    // Evidence that does not state its fact: stored only when the reviewer confirms (recorded as forced).
    if (status === 400 && data.unsupported && !force) {
      say(`Refused: ${data.error}`, 'error');
      if (window.confirm(`${data.error.replace(/: refused .*$/, '')}.\n\nStore it anyway? The history records that it was forced.`)) return saveAdd(true);
      return;
    }
    if (status !== 200) return say(`Refused: ${data.error}`, 'error');
    window.closeAddForm();
    state.session++;
    $('note').value = '';
    say(`${data.added === 'fact' ? 'Added' : 'Evidence added to'}: ${data.fact.summary} (${data.fact.fact.method}, ${data.fact.status}${force ? ', forced' : ''})`, 'ok');
    // The stored fact stays open, its evidence (the selection among it) highlighted, and the queue marks it when it holds it.
    await loadQueue(data.fact.id);
    render(data.fact);
  }

  for (const [key, type] of Object.entries(TYPES)) {
    KEYS.push({ keys: key, label: `add ${aType(type)} from the selected text (or the selection as evidence of the open ${type})`, run: () => startAdd(type), when: window.hasArticleSelection });
  }
  // Listed only: the caret keys work while the article has the focus.
  KEYS.push(
    { keys: '←/→', label: 'in the article: move the caret by a character (Ctrl: by a word; Alt: by a clause or sentence)' },
    { keys: '↑/↓ Home/End', label: 'in the article: a line up or down; the start or end of the line' },
    { keys: 'Shift+arrows', label: 'in the article: extend the selection (it snaps to words with Ctrl)' },
    { keys: 'Ctrl+Enter', label: 'save the add-fact form or the edit' },
  );

  $('add-proposal').addEventListener('change', fillFields);
  $('add-cancel').addEventListener('click', window.closeAddForm);
  $('add-form').addEventListener('submit', (e) => {
    e.preventDefault();
    saveAdd();
  });
  $('add-form').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      saveAdd();
    }
  });
})();
