/** The five one-line inputs of issue 11 that each ended their document (and `extract`) with a throw. */
export const THROWERS = ['4月，成都市长会见了来访的日本友城市长一行。', '法國友城市長一行訪問成都。', '签署协议12331704665838069项', `${'1'.repeat(310)}个城市`, '2025山东5月布列塔尼结好1240周年'];
