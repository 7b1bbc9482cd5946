import { extractDocument } from './src/extract/document.ts';
const cases = [
  '成都市与俄罗斯符拉迪沃斯托克市于2010年缔结友好城市关系。',
  '成都市与俄罗斯符拉迪沃斯托克(Vladivostok)市于2010年缔结友好城市关系。',
  '成都市与美国某某斯堡(Somersburg)市于2010年缔结友好城市关系。',
  '成都市与英国某某（City of Someford）于2010年缔结友好城市关系。',
];
for (const t of cases)
  console.log(
    t,
    JSON.stringify(
      extractDocument('标题\n\n' + t, { source: 'x' })
        .facts.filter((f) => f.type === 'city_pair')
        .map((f) => [f.a.name, f.b.name, f.relation, f.since]),
    ),
  );
