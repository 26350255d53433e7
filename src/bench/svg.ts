// Hand-written SVG for the bench: two small line charts side by side (warm p95 latency by mode, and
// peak RSS of the ingest and query processes), both against corpus size in articles. When the run
// compared backends, the Postgres series are drawn dashed beside the embedded (vectra) ones.
import type { ScaleFigures } from './types.js';

export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
}

interface Chart {
  title: string;
  yLabel: string;
  series: Series[];
  /** Dashed horizontal reference lines (targets). */
  guides: { y: number; label: string }[];
}

const W = 440;
const H = 300;
const M = { left: 58, right: 16, top: 34, bottom: 46 };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A "nice" axis maximum and step (1, 2 or 5 × 10^k) covering `max`. */
export function niceAxis(max: number, ticks = 5): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.2 };
  const raw = max / ticks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow;
  return { top: Math.ceil(max / step) * step, step };
}

const fmt = (v: number): string => (v >= 1000 ? `${v / 1000}k` : Number.isInteger(v) ? String(v) : v.toFixed(1));

function chart(c: Chart, dx: number): string {
  const xs = c.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = [...c.series.flatMap((s) => s.points.map((p) => p.y)), ...c.guides.map((g) => g.y)];
  const xAxis = niceAxis(Math.max(...xs, 1));
  const yAxis = niceAxis(Math.max(...ys, 0) * 1.05);
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const X = (x: number) => r1(dx + M.left + (x / xAxis.top) * pw);
  const Y = (y: number) => r1(M.top + ph - (y / yAxis.top) * ph);
  const out: string[] = [];
  out.push(`<text x="${dx + W / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(c.title)}</text>`);
  for (let v = 0; v <= yAxis.top + 1e-9; v += yAxis.step) {
    out.push(`<line x1="${X(0)}" x2="${X(xAxis.top)}" y1="${Y(v)}" y2="${Y(v)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${X(0) - 6}" y="${Y(v) + 4}" text-anchor="end">${fmt(v)}</text>`);
  }
  for (let v = 0; v <= xAxis.top + 1e-9; v += xAxis.step) {
    out.push(`<text x="${X(v)}" y="${M.top + ph + 16}" text-anchor="middle">${fmt(v)}</text>`);
  }
  out.push(`<line x1="${X(0)}" x2="${X(xAxis.top)}" y1="${Y(0)}" y2="${Y(0)}" stroke="#333"/>`);
  out.push(`<line x1="${X(0)}" x2="${X(0)}" y1="${Y(0)}" y2="${Y(yAxis.top)}" stroke="#333"/>`);
  out.push(`<text x="${dx + M.left + pw / 2}" y="${H - 8}" text-anchor="middle">corpus size (articles)</text>`);
  out.push(`<text transform="translate(${dx + 14},${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`);
  for (const g of c.guides) {
    out.push(`<line x1="${X(0)}" x2="${X(xAxis.top)}" y1="${Y(g.y)}" y2="${Y(g.y)}" stroke="#c00" stroke-dasharray="5 4"/>`);
    out.push(`<text x="${X(xAxis.top) - 4}" y="${Y(g.y) - 4}" text-anchor="end" fill="#c00">${esc(g.label)}</text>`);
  }
  c.series.forEach((s, i) => {
    if (s.points.length === 0) return;
    const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${X(p.x)},${Y(p.y)}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="6 3"' : '';
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    for (const p of s.points) out.push(`<circle cx="${X(p.x)}" cy="${Y(p.y)}" r="3" fill="${s.color}"/>`);
    const ly = M.top + 8 + i * 16;
    out.push(`<line x1="${X(0) + 10}" x2="${X(0) + 28}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${X(0) + 32}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  return out.join('\n  ');
}

const COLORS = { hybrid: '#1f77b4', keyword: '#ff7f0e', vector: '#2ca02c', ingest: '#9467bd', query: '#8c564b' };

/** The bench plot: p95 latency per mode and peak RSS per process, against articles indexed. */
export function benchSvg(scales: readonly ScaleFigures[]): string {
  const compared = scales.some((s) => s.backend === 'postgres');
  if (!compared) return render(seriesFor(scales.filter((s) => s.ingest), ''));
  const vectra = seriesFor(scales.filter((s) => s.ingest && s.backend !== 'postgres'), ' (vectra)');
  const postgres = seriesFor(scales.filter((s) => s.ingest && s.backend === 'postgres'), ' (postgres)', true);
  // Side by side only the lines that matter per backend: hybrid p95, and the bot (query) process.
  const pick = (list: Series[], ...names: string[]) => list.filter((s) => names.some((n) => s.name.startsWith(n)));
  const db: Series = {
    name: 'database process (postgres)',
    color: '#7f7f7f',
    dashed: true,
    points: scales.filter((s) => s.backend === 'postgres' && s.dbRssKB && s.ingest).map((s) => ({ x: s.ingest?.articles ?? 0, y: (s.dbRssKB ?? 0) / 1024 })),
  };
  return render({
    latency: [...pick(vectra.latency, 'hybrid'), ...pick(postgres.latency, 'hybrid')],
    rss: [...pick(vectra.rss, 'query'), ...pick(postgres.rss, 'query'), db],
  });
}

function seriesFor(measured: readonly ScaleFigures[], suffix: string, dashed = false): { latency: Series[]; rss: Series[] } {
  const x = (s: ScaleFigures) => s.ingest?.articles ?? 0;
  const latency: Series[] = (['hybrid', 'keyword', 'vector'] as const).map((mode) => ({
    name: (mode === 'keyword' ? 'BM25 only' : mode === 'vector' ? 'vector only' : 'hybrid') + suffix,
    color: COLORS[mode],
    dashed,
    points: measured.flatMap((s) => {
      const m = s.query?.modes.find((q) => q.mode === mode);
      return m ? [{ x: x(s), y: m.p95 }] : [];
    }),
  }));
  const rss: Series[] = [
    { name: `ingest process${suffix}`, color: COLORS.ingest, dashed, points: measured.map((s) => ({ x: x(s), y: (s.ingest?.maxRssKB ?? 0) / 1024 })) },
    {
      name: `query process (all modes)${suffix}`,
      color: COLORS.query,
      dashed,
      points: measured.flatMap((s) => (s.query ? [{ x: x(s), y: s.query.maxRssKB / 1024 }] : [])),
    },
  ];
  return { latency, rss };
}

function render({ latency, rss }: { latency: Series[]; rss: Series[] }): string {
  const body = [
    chart({ title: 'Warm p95 question latency', yLabel: 'p95 latency (ms)', series: latency, guides: [{ y: 50, label: '50 ms (1× target)' }, { y: 250, label: '250 ms (10× target)' }] }, 0),
    chart({ title: 'Peak RSS', yLabel: 'peak RSS (MB)', series: rss, guides: [{ y: 1536, label: '1.5 GB (1× target)' }, { y: 500, label: '500 MB (postgres bot target)' }] }, W),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H}" viewBox="0 0 ${2 * W} ${H}" font-family="sans-serif" font-size="11">`,
    `  <rect width="100%" height="100%" fill="#fff"/>`,
    `  ${body.join('\n  ')}`,
    `</svg>`,
    '',
  ].join('\n');
}
