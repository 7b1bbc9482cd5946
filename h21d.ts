import { extractDocument } from './src/extract/document.ts';
import { normalize } from './src/extract/text/normalize.ts';
const t = '【整理】各市國際友好城市一覽\n\n石傢莊市：阿爾巴尼亞地 ur A@ 拉那市（1979）\n';
console.log(JSON.stringify(normalize(t).text));
console.log(
  extractDocument(t, { source: 'x' })
    .facts.filter((f) => f.type === 'city_pair')
    .map((f) => [f.a.name, f.b.name, f.since]),
);
