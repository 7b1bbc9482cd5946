/** robots.txt: the rules for one user agent, longest match wins, Allow wins a tie. */

interface Rule {
  allow: boolean;
  pattern: string;
  re: RegExp;
}

export class Robots {
  constructor(private readonly rules: Rule[]) {}

  static allowAll(): Robots {
    return new Robots([]);
  }

  /** The group for `agent` (its product token, case-insensitive), else the `*` group. */
  static parse(text: string, agent: string): Robots {
    const token = agent.toLowerCase().split('/')[0]!; // split gives one part at least
    const groups: Array<{ agents: string[]; rules: Rule[] }> = [];
    let current: { agents: string[]; rules: Rule[] } | null = null;
    let lastWasAgent = false;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/#.*/, '').trim();
      const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
      if (!m) continue;
      const key = m[1]!.toLowerCase(); // both groups always participate
      const value = m[2]!.trim();
      if (key === 'user-agent') {
        if (!current || !lastWasAgent) {
          current = { agents: [], rules: [] };
          groups.push(current);
        }
        current.agents.push(value.toLowerCase());
        lastWasAgent = true;
        continue;
      }
      lastWasAgent = false;
      if (!current || (key !== 'allow' && key !== 'disallow')) continue;
      if (key === 'disallow' && value === '') continue; // "Disallow:" allows everything
      current.rules.push({ allow: key === 'allow', pattern: value, re: toRegExp(value) });
    }
    const mine = groups.filter((g) => g.agents.some((a) => a !== '*' && token.includes(a)));
    const chosen = mine.length ? mine : groups.filter((g) => g.agents.includes('*'));
    return new Robots(chosen.flatMap((g) => g.rules));
  }

  allows(pathAndQuery: string): boolean {
    let best: Rule | null = null;
    for (const r of this.rules) {
      if (!r.re.test(pathAndQuery)) continue;
      if (!best || r.pattern.length > best.pattern.length || (r.pattern.length === best.pattern.length && r.allow)) best = r;
    }
    return best ? best.allow : true;
  }
}

function toRegExp(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}
