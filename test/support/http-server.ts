/**
 * A real HTTP server on 127.0.0.1 for the fetch tests, serving the fixtures beside
 * test/sources/ and some misbehaving routes. It counts requests per path and requests in flight.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

const fixture = (name: string) => readFileSync(new URL(`../sources/fixtures/${name}`, import.meta.url));

const CITIES = ['德阳', '南充', '乐山', '泸州', '遂宁', '内江', '自贡', '广元', '达州', '雅安', '巴中', '资阳'];
const PARTNERS = ['波兰某某格', '捷克某某瓦', '芬兰某某基', '挪威某某根', '智利某某索', '秘鲁某某卡', '希腊某某斯', '葡萄牙某某拉', '瑞典某某堡', '丹麦某某森', '荷兰某某丹', '比利时某某特'];
const FILLER = [
  '双方将在装备制造、现代农业和生物医药等领域开展务实合作。',
  '市长在签约仪式上表示，友城交往为企业走出去搭建了平台。',
  '近年来，两地青少年互访频繁，文化交流日益密切。',
  '会上还举行了经贸对接会，数十家企业现场洽谈合作项目。',
  '此次缔结友城关系，是两市多年友好往来的重要成果。',
  '活动期间，外方代表团参观了高新区和多所学校。',
  '双方同意建立定期会晤机制，推动合作项目尽快落地。',
  '当地媒体对此次签约进行了广泛报道，反响热烈。',
];

/** A distinct article for slow page n: different places, numbers and sentences. */
export function slowArticle(n: number): string {
  const i = n % CITIES.length;
  const sentences = [0, 3, 5].map((k) => FILLER[(n + k) % FILLER.length]);
  return `<html><head><meta charset="utf-8"><title>${CITIES[i]}新闻</title></head><body><div class="content"><p>${CITIES[i]}市与${PARTNERS[i]}市缔结友好城市关系，签署${n + 2}项合作协议。${sentences.join('')}</p><p>${CITIES[i]}已与${10 + n}个国家的${20 + n * 3}个城市建立友好关系。</p></div></body></html>`;
}

export interface TestServer {
  url: string;
  host: string;
  requests: Map<string, number>;
  maxInFlight: () => number;
  close: () => Promise<void>;
}

export async function startServer(opts: { slowMs?: number } = {}): Promise<TestServer> {
  const requests = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const hanging = new Set<ServerResponse>();
  let base = '';

  const finished = new WeakSet<ServerResponse>();
  /** A request is in flight from its arrival until the server answers it (or its socket dies). */
  const settle = (res: ServerResponse) => {
    if (finished.has(res)) return;
    finished.add(res);
    inFlight--;
  };
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    settle(res);
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(body);
  };
  const feed = (name: string) => fixture(name).toString('utf8').replaceAll('http://HOST', base);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', base).pathname;
    const count = (requests.get(path) ?? 0) + 1;
    requests.set(path, count);
    const html = 'text/html';
    if (path === '/robots.txt') return send(res, 200, 'text/plain', 'User-agent: *\nDisallow: /private/\n');
    if (path === '/gbk.html') return send(res, 200, html, fixture('gbk-wrong-meta.html'));
    if (path === '/big5.html') return send(res, 200, html, fixture('big5.html'));
    if (path === '/damaged.html') {
      // A UTF-8 page with a stray byte: UTF-8 with one U+FFFD, not GB18030.
      const page = Buffer.from(slowArticle(103));
      const at = page.indexOf(Buffer.from('友好城市'));
      return send(res, 200, html, Buffer.concat([page.subarray(0, at), Buffer.from([0xff]), page.subarray(at)]));
    }
    if (path === '/heavy.html') return send(res, 200, 'text/html; charset=utf-8', fixture('heavy.html'));
    if (path.startsWith('/mirror-a/')) return send(res, 200, html, fixture('mirror-a.html'));
    if (path.startsWith('/mirror-b/')) return send(res, 200, html, fixture('mirror-b.html'));
    if (path === '/rss.xml' || path === '/atom.xml' || path === '/broken.xml') {
      const etag = `"${path}-v1"`;
      if (req.headers['if-none-match'] === etag) return send(res, 304, 'application/rss+xml', '');
      return send(res, 200, path === '/atom.xml' ? 'application/atom+xml' : 'application/rss+xml', feed(path.slice(1)), { etag });
    }
    if (path === '/flaky.html') {
      if (count <= 2) return send(res, 503, 'text/plain', 'busy');
      return send(res, 200, html, slowArticle(100));
    }
    if (path === '/limited.html') {
      if (count === 1) return send(res, 429, 'text/plain', 'slow down', { 'retry-after': '1' });
      return send(res, 200, html, slowArticle(101));
    }
    if (path === '/gone.html') return send(res, 404, 'text/plain', 'not here');
    if (path === '/hang.html') {
      hanging.add(res);
      return;
    }
    if (path === '/trickle.html') {
      // Headers and the start of the page at once, the rest never: an answering server too slow to finish.
      settle(res);
      res.writeHead(200, { 'content-type': html });
      res.write('<html><body><p>成都');
      hanging.add(res);
      return;
    }
    if (path === '/huge.html') return send(res, 200, html, `<html><body><p>${'友城'.repeat(200_000)}</p></body></html>`);
    if (path === '/loop1') return send(res, 302, 'text/plain', '', { location: '/loop2' });
    if (path === '/loop2') return send(res, 302, 'text/plain', '', { location: '/loop1' });
    if (path === '/moved.html') return send(res, 301, 'text/plain', '', { location: '/heavy.html' });
    if (path === '/doc.pdf') return send(res, 200, 'application/pdf', Buffer.from('%PDF-1.4\n%\xe2\xe3\n1 0 obj\n'));
    if (path === '/pic.png') return send(res, 200, 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    if (path.startsWith('/private/')) return send(res, 200, html, slowArticle(102));
    const slow = /^\/slow\/(\d+)\.html$/.exec(path);
    if (slow) {
      await new Promise((r) => setTimeout(r, opts.slowMs ?? 100));
      return send(res, 200, html, slowArticle(Number(slow[1])));
    }
    send(res, 404, 'text/plain', 'no such fixture');
  };

  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => settle(res));
    handle(req, res).catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    host: `127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
