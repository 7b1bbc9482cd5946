import { describe, expect, it } from 'vitest';
import { findCounts } from '../../src/extract/numbers/counts.ts';
import { normalize } from '../../src/extract/text/normalize.ts';

function counts(text: string) {
  const norm = normalize(text);
  return findCounts(norm.text).map(({ value, approx, unit, of, holder }) => ({ value, approx, unit, of, holder }));
}

describe('counts', () => {
  it('reads value, classifier and what is counted after it', () => {
    expect(counts('成都已与244个城市缔结友好关系')).toEqual([{ value: 244, approx: 'exact', unit: '个', of: '城市', holder: '成都' }]);
    expect(counts('12項友好合作協議成功簽約')).toMatchObject([{ value: 12, unit: '项', of: '友好合作协议' }]);
  });

  it('reads approximations before and after the number', () => {
    expect(counts('累计引进韩资企业近百家。')).toMatchObject([{ value: 100, approx: 'about', unit: '家', of: '韩资企业' }]);
    expect(counts('累计开行超3.2万列，联接境外')).toMatchObject([{ value: 32000, approx: 'over', unit: '列' }]);
    expect(counts('吸引300餘個韓國項目參賽')).toMatchObject([{ value: 300, approx: 'over', unit: '个' }]);
    expect(counts('成员单位突 破1000家，')).toMatchObject([{ value: 1000, approx: 'over', unit: '家' }]);
    expect(counts('不到50名代表出席')).toMatchObject([{ value: 50, approx: 'under', unit: '名' }]);
    expect(counts('100 余人次出席')).toMatchObject([{ value: 100, approx: 'over', unit: '人次' }]);
  });

  it('reads a verb of amount after the qualifier, and the classifiers 批次, 班, 把', () => {
    expect(counts('去年遊客約達180萬人次。')).toMatchObject([{ value: 1800000, approx: 'about', unit: '人次' }]);
    expect(counts('接待团组五批次、一百二十余名客人')).toMatchObject([
      { value: 5, unit: '批次' },
      { value: 120, approx: 'over', unit: '名' },
    ]);
    expect(counts('每週已有十四班直航航班')).toMatchObject([{ value: 14, unit: '班' }]);
    expect(counts('年产提琴约四十万把，')).toMatchObject([{ value: 400000, approx: 'about', unit: '把' }]);
  });

  it('takes what is counted from before the number when nothing follows the classifier', () => {
    expect(counts('签署友好合作协议12项，包括')).toMatchObject([{ value: 12, unit: '项', of: '友好合作协议' }]);
    expect(counts('其中建立国际友城119对、国际友好合作关系 321对。')).toMatchObject([
      { value: 119, unit: '对', of: '国际友城' },
      { value: 321, unit: '对', of: '国际友好合作关系' },
    ]);
    expect(counts('客货运航线数量达73条，')).toMatchObject([{ value: 73, unit: '条', of: '客货运航线' }]);
  });

  it('reads Chinese numerals', () => {
    expect(counts('举办三场推介会')).toMatchObject([{ value: 3, unit: '场', of: '推介会' }]);
    expect(counts('开通两条国际航线')).toMatchObject([{ value: 2, unit: '条', of: '国际航线' }]);
    expect(counts('已成功举办八届，')).toMatchObject([{ value: 8, unit: '届' }]);
  });

  it('leaves out ordinals, durations, names, percentages, money and the indefinite 一', () => {
    expect(counts('第十届科博会主宾国阿根廷馆开馆')).toEqual([]);
    expect(counts('经过40多年的深耕细作，走过17个年头，5个工作日内完成')).toEqual([]);
    expect(counts('315家世界500强企业')).toMatchObject([{ value: 315 }]);
    expect(counts('游客占77.3%，给予每年最高1000万元奖励，1000万美元以上')).toEqual([]);
    expect(counts('缔结一批友好关系，一个平台')).toEqual([]);
    expect(counts('我们两座城市一直保持着密切的关系')).toEqual([]);
    expect(counts('《关于20条措施的通知》')).toEqual([]);
    expect(counts("打造了'三个一'工程")).toEqual([]);
  });
});
