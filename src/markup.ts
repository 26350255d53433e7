// Markup (HTML, Markdown) → plain paragraphs plus the metadata the markup carries outside the running
// text. Pure. The article parser runs on the result; normalizeText lives here because both use it.

/** Metadata a markup reader found outside the running text (<title>, <meta>, front matter). */
export interface MarkupMeta {
  title?: string;
  publisher?: string;
  date?: string;
}

/** Unify line ends and odd spaces so every rule sees the same text. */
export function normalizeText(raw: string): string {
  const composed = /[^\0-\x7f]/.test(raw) ? raw.normalize('NFC') : raw; // NFC is costly; ASCII needs none
  return composed
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', pound: '£', euro: '€', eacute: 'é',
};
export function decodeEntities(s: string): string {
  return s.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (all, e: string) => {
    if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? all;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

const stripTags = (s: string): string => normalizeText(decodeEntities(s.replace(/<[^>]*>/g, ' ')));
function metaContent(html: string, name: string): string | undefined {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (new RegExp(`(?:property|name|itemprop)\\s*=\\s*["']${name}["']`, 'i').test(tag)) {
      const v = /content\s*=\s*"([^"]*)"|content\s*=\s*'([^']*)'/i.exec(tag);
      if (v) return decodeEntities(v[1] ?? v[2] ?? '').trim() || undefined;
    }
  }
  return undefined;
}

/** HTML → paragraphs of text. Non-content elements go whole; block elements become paragraph breaks. */
export function htmlToText(html: string): { text: string; meta: MarkupMeta } {
  const h1 = stripTags(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1] ?? '');
  const pageTitle = stripTags(/<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '');
  // "Headline | Site", or "Headline - Site" when the headline is known from <h1>: the rest names the site.
  // (A bare " - " is not enough: "Brexit - what happens next" is all headline.)
  const split = /^(.+?)\s+[|–—-]\s+([^|–—-]{2,40})$/.exec(pageTitle);
  const siteFromTitle = split && (pageTitle.includes('|') || (h1 && split[1] === h1)) ? split[2] : undefined;
  const meta: MarkupMeta = {
    title: h1 || (siteFromTitle ? split?.[1] : pageTitle) || metaContent(html, 'og:title'),
    publisher: metaContent(html, 'og:site_name') ?? siteFromTitle,
    date: metaContent(html, 'article:published_time') ?? metaContent(html, 'datePublished') ?? /<time\b[^>]*datetime\s*=\s*["']([^"']+)/i.exec(html)?.[1],
  };
  const text = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|template|svg|iframe|head|nav|aside|footer|form|figcaption|button|select)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(?:p|div|h[1-6]|li|ul|ol|tr|table|section|article|header|main|blockquote|figure|pre|dl|dt|dd|hr)\b[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '');
  return { text: decodeEntities(text), meta };
}

function markdownInline(s: string): string {
  return s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]/g, (_m, a?: string, b?: string) => a ?? b ?? '')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)(.+?)(?<=\S)_(?!\w)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1');
}

/** Markdown → paragraphs: headings, list items and quotes keep their own lines, wrapped lines are joined. */
export function markdownToText(md: string): { text: string; meta: MarkupMeta } {
  const meta: MarkupMeta = {};
  const front = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(md);
  if (front) {
    for (const [, k, v] of (front[1] ?? '').matchAll(/^(title|date|publisher|source)\s*:\s*["']?(.*?)["']?\s*$/gim)) {
      if (k!.toLowerCase() === 'title') meta.title = v;
      else if (k!.toLowerCase() === 'date') meta.date = v;
      else meta.publisher = v;
    }
  }
  const lines = md.slice(front?.[0].length ?? 0).split(/\r?\n/);
  const out: string[] = [];
  let para: string[] = [];
  const flush = () => { if (para.length) out.push(markdownInline(para.join(' '))); para = []; };
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/^\s*>\s?/, '');
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    const setext = line.trim() && /^\s{0,3}(=+|-+)\s*$/.test(lines[i + 1] ?? '') ? line.trim() : undefined;
    if (heading !== undefined || setext !== undefined) {
      flush();
      const h = markdownInline(heading ?? setext ?? '');
      meta.title ??= h;
      out.push(h);
      if (setext !== undefined) i++;
    } else if (/^\s*(?:[-*_]\s*){3,}$/.test(line) || /^\s*(```|~~~)/.test(line) || !line.trim()) flush();
    else if (/^\s*(?:[-*+]|\d+[.)])\s+/.test(line)) {
      flush();
      para.push(line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ''));
    } else para.push(line.trim());
  }
  flush();
  return { text: out.join('\n\n'), meta };
}
