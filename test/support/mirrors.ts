/** Mirror pages for the duplicate tests: one article under a site's own junk (a spam header, a view counter, related links). */
import { expect } from 'vitest';

/** Related-article links as a mirror site lists them: titles and dates, no sentence ends. */
function links(seed: number, n: number): string {
  const places = ['杭州', '南京', '青岛', '厦门', '西安', '昆明', '大连', '宁波', '苏州', '武汉', '长沙', '郑州'];
  const what = ['举办国际友城论坛', '与友城开展青少年交流', '外事办召开工作会议', '文化周开幕', '代表团出访欧洲', '经贸洽谈会签约'];
  return Array.from({ length: n }, (_, i) => `· ${places[(seed + i) % places.length]}${what[(seed * 3 + i) % what.length]} 2024-0${1 + ((seed + i) % 9)}-1${i % 10}`).join('\n');
}

/** The article with a site's junk around it: a spam header, a view counter, a block of related links (a fifth to a third of the page). */
export function mirror(text: string, site: string, seed: number): string {
  const page = (lines: number) =>
    `【${site}】热门推荐：点此领取免费资料 关注公众号 每日资讯\n浏览次数：${1000 + seed * 37}　来源：${site}\n\n${text}\n\n相关阅读\n${links(seed, lines)}\n分享到：微信 微博 QQ空间`;
  let lines = 1;
  while (1 - text.length / page(lines).length < 0.25) lines++;
  const junk = 1 - text.length / page(lines).length;
  expect(junk).toBeGreaterThan(0.2);
  expect(junk).toBeLessThan(0.35);
  return page(lines);
}
