// The review page's additions (after app.js): a span selected in the article (with the mouse, or
// with a caret the arrow keys move by character, Ctrl/Alt+arrows by word, Shift extending) becomes
// a fact the extractor missed, or more evidence for the open fact. Offsets are JavaScript string
// indices into the original text: the article holds nothing but that text (evidence marks wrap
// parts of it), so the text before a point, read from the DOM, is exactly its offset.
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
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

  /** Where the caret goes from `at`: a character (a whole surrogate pair) or a word either way. */
  function moved(at, key, byWord) {
    const t = text();
    const forward = key === 'ArrowRight' || key === 'End';
    if (key === 'Home') return t.lastIndexOf('\n', at - 1) + 1;
    if (key === 'End') return t.indexOf('\n', at) < 0 ? t.length : t.indexOf('\n', at);
    if (byWord) {
      const words = [...segmenter.segment(t)].filter((s) => s.isWordLike || /\S/.test(s.segment));
      if (forward) {
        const next = words.find((s) => s.index + s.segment.length > at);
        return next ? next.index + next.segment.length : t.length;
      }
      return words.findLast((s) => s.index < at)?.index ?? 0;
    }
    if (forward) return Math.min(t.length, at + (/[\uD800-\uDBFF]/.test(t[at] ?? '') ? 2 : 1));
    return Math.max(0, at - (/[\uDC00-\uDFFF]/.test(t[at - 1] ?? '') ? 2 : 1));
  }

  box.addEventListener('keydown', (e) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) return;
    e.preventDefault();
    const s = selectionOffsets() ?? { anchor: 0, focus: 0 };
    const focus = moved(s.focus, e.key, e.ctrlKey || e.altKey);
    select(e.shiftKey ? s.anchor : focus, focus);
  });
  box.addEventListener('focus', () => {
    // The caret starts at the open fact's first evidence, where the reader already looks.
    if (selectionOffsets()) return showCaret();
    const first = state.current?.fact.evidence.reduce((m, e) => Math.min(m, e.start), Number.POSITIVE_INFINITY);
    select(Number.isFinite(first) ? first : 0, Number.isFinite(first) ? first : 0);
  });
  box.addEventListener('blur', () => (caret.hidden = true));
  document.addEventListener('selectionchange', showCaret);

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

  /** The add-fact form for the selection: the rules' proposals, or blank fields, to correct and save. */
  async function startAdd(type) {
    const d = state.current;
    const span = selectedSpan();
    if (!d || !span) return;
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
    $('add-fields').focus();
  }

  function fillFields() {
    const p = add.proposals[Number($('add-proposal').value)];
    $('add-fields').value = JSON.stringify(p ? p.fields : add.blank, null, 2);
  }

  window.closeAddForm = () => {
    if ($('add-form').hidden) return;
    $('add-form').hidden = true;
    add.span = null;
  };

  async function saveAdd() {
    const s = add.span;
    if (!s) return;
    const target = document.querySelector('input[name="add-target"]:checked').value;
    const span = { start: s.start, end: s.end, quote: s.quote, reviewer: reviewer(), note: $('note').value.trim() || undefined };
    let reply;
    if (target === 'evidence' && !$('add-target').hidden) reply = await api('POST', `/api/facts/${state.current.id}/evidence`, span);
    else {
      const fields = jsonOf($('add-fields'));
      if (!fields) return;
      reply = await api('POST', '/api/facts', { doc: s.doc, type: s.type, fields, ...span });
    }
    const { status, data } = reply;
    if (status !== 200) return say(`Refused: ${data.error}`, 'error');
    window.closeAddForm();
    state.session++;
    $('note').value = '';
    say(`${data.added === 'fact' ? 'Added' : 'Evidence added to'}: ${data.fact.summary} (${data.fact.fact.method}, ${data.fact.status})`, 'ok');
    await loadQueue();
    // The stored fact stays open, its evidence (the selection among it) highlighted.
    render(data.fact);
  }

  for (const [key, type] of Object.entries(TYPES)) {
    KEYS.push({ keys: key, label: `add ${aType(type)} from the selected text (or the selection as evidence of the open ${type})`, run: () => startAdd(type), when: window.hasArticleSelection });
  }
  // Listed only: the caret keys work while the article has the focus.
  KEYS.push(
    { keys: '←/→', label: 'in the article: move the caret by a character (Ctrl or Alt: by a word; Home/End: the paragraph)' },
    { keys: 'Shift+←/→', label: 'in the article: extend the selection' },
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
