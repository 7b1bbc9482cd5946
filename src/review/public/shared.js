// Helpers of the review and research pages: elements made from text, never from markup.
'use strict';

/** An element holding `text` as text. */
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

/** The article text into `box`, every evidence span marked (overlapping ones as one mark), the first scrolled into view. */
function renderText(box, text, evidence) {
  box.replaceChildren();
  const spans = [];
  for (const e of [...evidence].sort((a, b) => a.start - b.start)) {
    const last = spans.at(-1);
    if (last && e.start < last.end) last.end = Math.max(last.end, e.end);
    else spans.push({ start: e.start, end: e.end });
  }
  let at = 0;
  let first = null;
  for (const e of spans) {
    box.append(document.createTextNode(text.slice(at, e.start)));
    const m = el('mark', text.slice(e.start, e.end));
    if (!first) {
      first = m;
      m.className = 'current';
    }
    box.append(m);
    at = e.end;
  }
  box.append(document.createTextNode(text.slice(at)));
  if (first) first.scrollIntoView({ block: 'center' });
}
