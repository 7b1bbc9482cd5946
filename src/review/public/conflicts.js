// The review page's conflicts (after shared.js and app.js): relationships whose sources disagree
// on when they were established, each date in a column with the citations that give it, and a
// form to record which date holds. Kept apart from app.js, which reviews single facts.
'use strict';

(() => {
  const token = document.querySelector('meta[name="youcheng-token"]').content;
  const box = document.getElementById('conflicts');

  async function call(path, body) {
    const res = await fetch(
      path,
      body ? { method: 'POST', headers: { 'content-type': 'application/json', 'x-youcheng-token': token }, body: JSON.stringify(body) } : { headers: { 'x-youcheng-token': token } },
    );
    const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
    if (res.status !== 200) throw new Error(data.error);
    return data;
  }

  function side(value, facts) {
    const col = el('div', null, 'conflict-side');
    const choice = el('label');
    const radio = el('input');
    radio.type = 'radio';
    radio.value = value;
    choice.append(radio, el('strong', ` since ${value}`));
    col.append(choice);
    for (const f of facts)
      for (const c of f.citations) {
        col.append(el('blockquote', `「${c.quote}」`), el('div', `${c.title || c.source}${c.published ? ` (${c.published})` : ''} · ${f.status}`));
      }
    return col;
  }

  function item(r) {
    const div = el('div', null, 'conflict-item');
    div.dataset.relationship = r.id;
    div.append(el('strong', `${r.a.name} — ${r.b.name} (${r.b.country || '?'}): ${r.relation}`));
    const sides = el('div', null, 'conflict-sides');
    const byFact = new Map(r.supporting_facts.map((f) => [f.fact_id, f]));
    for (const s of r.sinces) sides.append(side(s.since, s.facts.map((id) => byFact.get(id)).filter(Boolean)));
    for (const radio of sides.querySelectorAll('input')) radio.name = `since-${r.id}`;
    const note = el('input');
    note.placeholder = 'note (where the right date is from)';
    note.size = 40;
    const resolve = el('button', 'resolve');
    resolve.type = 'button';
    const said = el('span');
    resolve.addEventListener('click', async () => {
      const picked = sides.querySelector('input:checked');
      if (!picked) return (said.textContent = ' choose a date first');
      try {
        if (!(await ensureName())) return;
        const reviewer = document.getElementById('reviewer').value.trim() || null;
        const { relationship } = await call(`/api/registry/${r.id}/resolve`, { since: picked.value, note: note.value, reviewer });
        div.replaceChildren(el('span', `${r.a.name} — ${r.b.name}: resolved, since ${relationship.since} (${relationship.resolution.reviewer || 'unnamed reviewer'})`));
      } catch (err) {
        said.textContent = ` ${err.message}`;
      }
    });
    div.append(sides, note, resolve, said);
    return div;
  }

  // A page at a time (the server answers 50): a button brings the next.
  async function load(offset = 0) {
    const { total, conflicts } = await call(`/api/registry/conflicts?offset=${offset}`);
    box.hidden = total === 0;
    document.getElementById('conflicts-title').textContent = `${total} relationship(s) whose sources disagree`;
    const list = document.getElementById('conflict-list');
    list.querySelector('.conflict-more')?.remove();
    if (offset === 0) list.replaceChildren();
    list.append(...conflicts.map(item));
    const shown = offset + conflicts.length;
    if (shown < total) {
      const more = el('button', `show more (${shown} of ${total})`, 'conflict-more');
      more.type = 'button';
      more.addEventListener('click', () => load(shown).catch(() => {}));
      list.append(more);
    }
  }

  load().catch(() => {});
})();
