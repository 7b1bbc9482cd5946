/**
 * What the research page draws, computed here so the page needs no library and nothing leaves the
 * machine: the world's country outlines (world-atlas, Natural Earth 1:110m) projected with d3-geo
 * as SVG path strings, centred on the Pacific as Chinese world maps are (so an arc from China to
 * the Americas or to Europe stays whole), each place's point and the arc along the shorter great
 * circle from the chosen place; and the network of relationships among the places shown: a force
 * layout (d3-force) for a few dozen partners, partners grouped by country round the place beyond
 * that, each group labelled once and no two labels overlapping.
 */
import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, type SimulationNodeDatum } from 'd3-force';
import { geoEqualEarth, geoPath, type GeoProjection } from 'd3-geo';
import type { FeatureCollection } from 'geojson';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryObject, Topology } from 'topojson-specification';
import type { PlaceSide, Relationship } from '../store/relationships.ts';

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 470;
export const NETWORK_SIZE = 600;
/** The map's central meridian (°E): the antimeridian then runs through the Atlantic, far from China's arcs. */
const PACIFIC = 150;
/** Above this many partners the network is drawn grouped by country. */
export const GROUP_ABOVE = 60;

let world: { projection: GeoProjection; countries: string[] } | undefined;

/** The projection and the country outlines, made once per process (about 100 kB of path data). */
function worldMap(): { projection: GeoProjection; countries: string[] } {
  if (world) return world;
  const file = createRequire(import.meta.url).resolve('world-atlas/countries-110m.json');
  const topology = JSON.parse(readFileSync(file, 'utf8')) as Topology<{ countries: GeometryObject }>;
  const countries = feature(topology, topology.objects.countries) as unknown as FeatureCollection;
  const projection = geoEqualEarth().rotate([-PACIFIC, 0]).fitSize([MAP_WIDTH, MAP_HEIGHT], { type: 'Sphere' });
  const path = geoPath(projection);
  world = { projection, countries: countries.features.map((f) => path(f) ?? '').filter(Boolean) };
  return world;
}

export function mapOutlines(): { width: number; height: number; countries: string[] } {
  return { width: MAP_WIDTH, height: MAP_HEIGHT, countries: worldMap().countries };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A place's point on the map, or null when its coordinates are not known. */
export function mapPoint(p: Pick<PlaceSide, 'lat' | 'lon'>): { x: number; y: number } | null {
  if (p.lat === null || p.lon === null) return null;
  const xy = worldMap().projection([p.lon, p.lat]);
  return xy ? { x: round(xy[0]), y: round(xy[1]) } : null;
}

/** The great-circle arc between two places as an SVG path, or null without both coordinates. */
export function mapArc(from: Pick<PlaceSide, 'lat' | 'lon'>, to: Pick<PlaceSide, 'lat' | 'lon'>): string | null {
  if (from.lat === null || from.lon === null || to.lat === null || to.lon === null) return null;
  return geoPath(worldMap().projection)({
    type: 'LineString',
    coordinates: [
      [from.lon, from.lat],
      [to.lon, to.lat],
    ],
  });
}

interface Node extends SimulationNodeDatum {
  id: string;
  name: string;
  country: string | null;
  focus: boolean;
}

export interface NetworkNode {
  id: string;
  name: string;
  country: string | null;
  focus: boolean;
  x: number;
  y: number;
  /** A group of partners (a country, or the rest): its label says how many; the partners are its members. */
  group?: { members: number };
  /** Whether the page writes the node's name beside it (a grouped partner is named by its tooltip only). */
  label: boolean;
  /** Where the label goes and which way it runs from there. */
  lx?: number;
  ly?: number;
  anchor?: 'start' | 'end' | 'middle';
}

export interface Network {
  size: number;
  /** `grouped` when the partners are drawn by country. */
  grouped: boolean;
  nodes: NetworkNode[];
  edges: Array<{ id: string; source: string; target: string; relation: string }>;
}

export function networkLayout(focusIds: string[], rels: Relationship[]): Network {
  const partners = new Set(
    rels
      .flatMap((r) => [r.a, r.b])
      .filter((p) => !focusIds.includes(p.id))
      .map((p) => p.id),
  );
  return partners.size > GROUP_ABOVE ? groupedLayout(focusIds, rels) : forceLayout(focusIds, rels);
}

/** A label's box as the page will draw it, estimated on the safe side: CJK characters 1em wide, others .65em, 11 px text. */
function labelBox(text: string, x: number, y: number, anchor: 'start' | 'end' | 'middle'): { x0: number; x1: number; y0: number; y1: number } {
  const width = [...text].reduce((w, c) => w + (/[\u2E80-\uFFFF]/.test(c) ? 11.5 : 7.2), 0);
  const x0 = anchor === 'start' ? x : anchor === 'end' ? x - width : x - width / 2;
  return { x0: x0 - 2, x1: x0 + width + 2, y0: y - 13, y1: y + 5 };
}

const overlap = (a: ReturnType<typeof labelBox>, b: ReturnType<typeof labelBox>) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** `美国 · 120`: a group's label. */
export const groupLabel = (name: string, members: number) => `${name} · ${members}`;

/**
 * Hundreds of partners: the place in the middle, its partners' countries round it (the largest
 * first, clockwise from the top), each partner a dot round its country's node, named in its
 * tooltip. As many countries get their own node as leave every label clear of the others; the
 * rest form one group. Labels run outwards from their node, so the box of each is known here.
 */
function groupedLayout(focusIds: string[], rels: Relationship[]): Network {
  const c = NETWORK_SIZE / 2;
  const focusSide = (r: Relationship) => (focusIds.includes(r.a.id) ? r.a : r.b);
  const partnerOf = (r: Relationship) => (focusIds.includes(r.a.id) ? r.b : r.a);
  const focus = new Map(rels.filter((r) => focusIds.includes(r.a.id) || focusIds.includes(r.b.id)).map((r) => [focusSide(r).id, focusSide(r)]));
  const byCountry = new Map<string, Relationship[]>();
  for (const r of rels) {
    if (!(focusIds.includes(r.a.id) || focusIds.includes(r.b.id)) || (focusIds.includes(r.a.id) && focusIds.includes(r.b.id))) continue;
    const country = partnerOf(r).country || '?';
    byCountry.set(country, [...(byCountry.get(country) ?? []), r]);
  }
  const countries = [...byCountry].sort((x, y) => y[1].length - x[1].length || (x[0] < y[0] ? -1 : 1));
  // Room outside the ring for a label on either side (about 100 px).
  const radius = NETWORK_SIZE * 0.3;
  const place = (n: number) => {
    const shown =
      countries.length <= n ? countries : [...countries.slice(0, n - 1), [`${countries.length - n + 1} other countries`, countries.slice(n - 1).flatMap(([, rs]) => rs)] as [string, Relationship[]]];
    return shown.map(([name, members], i) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / shown.length;
      const [x, y] = [c + radius * Math.cos(angle), c + radius * Math.sin(angle)];
      const cos = Math.cos(angle);
      const anchor: 'start' | 'end' | 'middle' = Math.abs(cos) < 0.2 ? 'middle' : cos > 0 ? 'start' : 'end';
      const out = 18;
      const lx = c + (radius + out) * Math.cos(angle);
      const ly = c + (radius + out) * Math.sin(angle) + (Math.abs(cos) < 0.2 ? (Math.sin(angle) > 0 ? 10 : 0) : 4);
      return { name, members, x, y, lx, ly, anchor, angle, box: labelBox(groupLabel(name, members.length), lx, ly, anchor) };
    });
  };
  const focusLabels = [...focus.values()].map((f, i) => labelBox(f.name, c, c - 14 + i * 16, 'middle'));
  const fits = (groups: ReturnType<typeof place>) => {
    const boxes = [...focusLabels, ...groups.map((g) => g.box)];
    const inside = boxes.every((b) => b.x0 >= 0 && b.x1 <= NETWORK_SIZE && b.y0 >= 0 && b.y1 <= NETWORK_SIZE);
    return inside && boxes.every((a, i) => boxes.every((b, j) => j <= i || !overlap(a, b)));
  };
  let groups = place(countries.length);
  for (let n = Math.min(countries.length, 48); n >= 2 && !fits((groups = place(n))); n--);
  const nodes: NetworkNode[] = [...focus.values()].map((f, i) => ({
    id: f.id,
    name: f.name,
    country: f.country,
    focus: true,
    x: c,
    y: c + i * 16,
    label: true,
    lx: c,
    ly: c - 14 + i * 16,
    anchor: 'middle' as const,
  }));
  const edges: Network['edges'] = [];
  groups.forEach((g, gi) => {
    const id = `group:${gi}`;
    nodes.push({ id, name: g.name, country: null, focus: false, x: round(g.x), y: round(g.y), group: { members: g.members.length }, label: true, lx: round(g.lx), ly: round(g.ly), anchor: g.anchor });
    for (const f of focus.keys()) edges.push({ id: `${id}:${f}`, source: f, target: id, relation: 'group' });
    // The members packed in a disc (a sunflower spiral) just inside their group's node, towards the centre.
    const disc = 2.2 * Math.sqrt(g.members.length);
    const [dx, dy] = [c + (radius - 12 - disc) * Math.cos(g.angle), c + (radius - 12 - disc) * Math.sin(g.angle)];
    g.members.forEach((r, k) => {
      const [d, a] = [2.2 * Math.sqrt(k + 0.5), k * 2.39996];
      const p = partnerOf(r);
      nodes.push({ id: p.id, name: p.name, country: p.country, focus: false, x: round(dx + d * Math.cos(a)), y: round(dy + d * Math.sin(a)), label: false });
      edges.push({ id: r.id, source: id, target: p.id, relation: r.relation });
    });
  });
  return { size: NETWORK_SIZE, grouped: true, nodes, edges };
}

/**
 * The relationships among the given places laid out by a force simulation run to rest on the
 * server (deterministic: d3-force starts nodes on a spiral and jiggles with a seeded generator).
 */
function forceLayout(focusIds: string[], rels: Relationship[]): Network {
  const nodes = new Map<string, Node>();
  for (const r of rels) for (const p of [r.a, r.b]) if (!nodes.has(p.id)) nodes.set(p.id, { id: p.id, name: p.name, country: p.country, focus: focusIds.includes(p.id) });
  const links = rels.map((r) => ({ id: r.id, source: r.a.id, target: r.b.id, relation: r.relation }));
  const simulation = forceSimulation([...nodes.values()])
    .force(
      'link',
      forceLink<Node, { source: string | Node; target: string | Node }>(links.map((l) => ({ ...l })))
        .id((d) => d.id)
        .distance(70),
    )
    .force('charge', forceManyBody().strength(-160))
    .force('collide', forceCollide(18))
    .force('center', forceCenter(0, 0))
    .stop();
  // d3's 300 ticks, fewer for a big network (its cost grows with nodes × ticks), cooling as fast.
  const ticks = Math.min(300, Math.ceil(40_000 / Math.max(1, nodes.size)));
  simulation.alphaDecay(1 - 0.001 ** (1 / ticks)).tick(ticks);
  const placed = [...nodes.values()];
  const xs = placed.map((n) => n.x ?? 0);
  const ys = placed.map((n) => n.y ?? 0);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // Fitted into the square with a margin for the labels.
  const margin = 50;
  const scale = Math.min((NETWORK_SIZE - 2 * margin) / Math.max(1, maxX - minX), (NETWORK_SIZE - 2 * margin) / Math.max(1, maxY - minY), 3);
  const scaled = (v: number, min: number, max: number) => round(NETWORK_SIZE / 2 + (v - (min + max) / 2) * scale);
  return {
    size: NETWORK_SIZE,
    grouped: false,
    nodes: placed.map((n) => ({ id: n.id, name: n.name, country: n.country, focus: n.focus, x: scaled(n.x ?? 0, minX, maxX), y: scaled(n.y ?? 0, minY, maxY), label: true })),
    edges: links,
  };
}
