/**
 * What the research page draws, computed here so the page needs no library and nothing leaves the
 * machine: the world's country outlines (world-atlas, Natural Earth 1:110m) projected with d3-geo
 * as SVG path strings, each place's point and the great-circle arc from the chosen place; and a
 * force layout (d3-force) of the network of relationships among the places shown.
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

let world: { projection: GeoProjection; countries: string[] } | undefined;

/** The projection and the country outlines, made once per process (about 100 kB of path data). */
function worldMap(): { projection: GeoProjection; countries: string[] } {
  if (world) return world;
  const file = createRequire(import.meta.url).resolve('world-atlas/countries-110m.json');
  const topology = JSON.parse(readFileSync(file, 'utf8')) as Topology<{ countries: GeometryObject }>;
  const countries = feature(topology, topology.objects.countries) as unknown as FeatureCollection;
  const projection = geoEqualEarth().fitSize([MAP_WIDTH, MAP_HEIGHT], { type: 'Sphere' });
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

export interface Network {
  size: number;
  nodes: Array<{ id: string; name: string; country: string | null; focus: boolean; x: number; y: number }>;
  edges: Array<{ id: string; source: string; target: string; relation: string }>;
}

/**
 * The relationships among the given places laid out by a force simulation run to rest on the
 * server (deterministic: d3-force starts nodes on a spiral and jiggles with a seeded generator).
 */
export function networkLayout(focusIds: string[], rels: Relationship[]): Network {
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
    nodes: placed.map((n) => ({ id: n.id, name: n.name, country: n.country, focus: n.focus, x: scaled(n.x ?? 0, minX, maxX), y: scaled(n.y ?? 0, minY, maxY) })),
    edges: links,
  };
}
