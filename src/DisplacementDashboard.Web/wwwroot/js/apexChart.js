// Thin interop between the ApexChart Blazor component and apexcharts 4.7 (ES module build, from npm).
// Blazor hands over plain options; formatting functions cannot cross interop, so number formats are
// attached here from the `numberFormat` hints, and months are named, in the page's culture (ChartLocale.cs).
import ApexCharts from '../lib/apexcharts/apexcharts.esm.js';

// Digits come from Intl (en-US: ',' groups, '.' decimals) and the separators from the page's culture, so an axis
// groups exactly like the table beside it.
function formatter(kind, locale) {
  const f = new Intl.NumberFormat('en-US', { maximumFractionDigits: kind === 'percent' ? 1 : 0 });
  const localise = (text) => text.replace(/[,.]/g, (c) => (c === ',' ? locale.groupSeparator : locale.decimalSeparator));
  const suffix = kind === 'percent' ? '%' : '';
  return (v) => (v === null || v === undefined || Number.isNaN(Number(v)) ? '' : localise(f.format(v)) + suffix);
}

// apexcharts names months and days from its own locale (English unless told): give it the culture's names.
function apexLocale(locale) {
  return {
    name: locale.name,
    options: {
      months: locale.months,
      shortMonths: locale.shortMonths,
      days: locale.days,
      shortDays: locale.shortDays,
      toolbar: { exportToSVG: 'Download SVG', exportToPNG: 'Download PNG', exportToCSV: 'Download CSV', menu: 'Menu',
        selection: 'Selection', selectionZoom: 'Selection zoom', zoomIn: 'Zoom in', zoomOut: 'Zoom out', pan: 'Pan', reset: 'Reset zoom' },
    },
  };
}

const cssVar = (name) => getComputedStyle(document.body).getPropertyValue(name).trim();

function prepare(options, locale) {
  const o = structuredClone(options);
  o.chart = { ...o.chart, locales: [apexLocale(locale)], defaultLocale: locale.name, foreColor: cssVar('--mud-palette-text-primary') || undefined };
  o.chart.events = { ...(o.chart.events ?? {}), mounted: separateLabels, updated: separateLabels };
  let valueFormat = null;
  for (const axis of o.yaxis ?? []) {
    if (axis.numberFormat) {
      axis.labels = { ...(axis.labels ?? {}), formatter: formatter(axis.numberFormat, locale) };
      valueFormat ??= axis.numberFormat;
      delete axis.numberFormat;
    }
  }
  if (o.xaxis?.numberFormat) {
    // Horizontal bars: the values run along x (the categories are on y).
    o.xaxis.labels = { ...(o.xaxis.labels ?? {}), formatter: formatter(o.xaxis.numberFormat, locale) };
    valueFormat ??= o.xaxis.numberFormat;
    delete o.xaxis.numberFormat;
  }
  o.tooltip = { ...(o.tooltip ?? {}), y: { formatter: formatter(valueFormat ?? 'integer', locale) } };
  return o;
}

// Annotation labels are short keys (event numbers, "Passed 40,000"), explained in a list under the chart. Close
// events still put keys on top of each other, and the chart is redrawn at every resize: after each draw, any label
// that overlaps one placed before it moves down a row until it overlaps none (a staggered stack, never a pile).
function separateLabels(chartContext) {
  const svg = chartContext?.el?.querySelector('svg');
  if (!svg) {
    return;
  }
  const labels = [...svg.querySelectorAll('.apexcharts-yaxis-annotation-label, .apexcharts-point-annotation-label, .apexcharts-xaxis-annotation-label')]
    .map((text) => ({ text, rect: text.previousElementSibling?.tagName === 'rect' ? text.previousElementSibling : null }));
  const box = (l) => (l.rect ?? l.text).getBoundingClientRect();
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const placed = [];
  for (const label of labels) {
    for (let row = 0; row < 20; row++) {
      const b = box(label);
      const other = placed.find((p) => hit(b, p));
      if (!other) {
        break;
      }
      const dy = other.bottom - b.top + 2;
      for (const el of [label.text, label.rect]) {
        if (el) {
          el.setAttribute('y', String(Number(el.getAttribute('y')) + dy));
        }
      }
    }
    placed.push(box(label));
  }
}

// The chart is kept in a holder so an update can replace it: apexcharts' updateOptions got slower with every call on
// the timeline (0.9 s to 2.1 s over eight window changes in headless Chromium) while a fresh chart costs the same each
// time (docs/performance.md: a UI event at 50 open pages).
export function create(element, options, locale) {
  return track(createChart(element, options, locale));
}

export function update(holder, options, locale) {
  return track(updateChart(holder, options, locale));
}

// Chart work in flight and finished redraws, so the benchmark harness (and a curious tester in the console) can tell
// when the charts have caught up with the page: globalThis.ddCharts.settled() and .finished (calls done, skipped ones included).
const inFlight = new Set();
globalThis.ddCharts = { finished: 0, settled: () => Promise.allSettled([...inFlight]) };

function track(promise) {
  inFlight.add(promise);
  const done = () => { inFlight.delete(promise); globalThis.ddCharts.finished++; };
  promise.then(done, done);
  return promise;
}

async function createChart(element, options, locale) {
  const holder = { element, chart: new ApexCharts(element, prepare(options, locale)), version: 0, destroyed: false };
  await holder.chart.render();
  return holder;
}

async function updateChart(holder, options, locale) {
  // The update arrives with the page's other changes (tables, captions): let the browser paint those first, so
  // redrawing the chart does not hold back the frame that shows them.
  const version = ++holder.version;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  if (holder.destroyed || version !== holder.version) {
    return; // the page left, or a newer update replaces this one
  }
  holder.chart.destroy();
  holder.chart = new ApexCharts(holder.element, prepare(options, locale));
  await holder.chart.render();
}

export function destroy(holder) {
  holder.destroyed = true;
  holder.chart.destroy();
}

// Publishable images: the chart as apexcharts exports it, framed by the text a reader needs to trust and cite it
// (title above; sources, as-of time and the page's address below). Colours are the theme's, read from MudBlazor's
// CSS variables, so a dark page gives a dark image.
const svgNs = 'http://www.w3.org/2000/svg';

// Greedy word wrap to a pixel width, measured in the font the image is written in.
function wrap(text, width, font) {
  const measure = document.createElement('canvas').getContext('2d');
  measure.font = font;
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure.measureText(candidate).width > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) {
    lines.push(line);
  }
  return lines;
}

async function composeSvg(holder, caption) {
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  // apexcharts writes font-family="inherit", which means nothing once the SVG leaves the page.
  const chartText = (await holder.chart.getSvgString()).replaceAll('inherit', family.replaceAll('"', "'"));
  const chartSvg = new DOMParser().parseFromString(chartText, 'image/svg+xml').documentElement;
  const width = Math.ceil(Number(chartSvg.getAttribute('width')) || holder.element.clientWidth);
  const chartHeight = Math.ceil(Number(chartSvg.getAttribute('height')) || holder.element.clientHeight);
  const pad = 16;
  const lineHeight = 16;
  const small = `12px ${family}`;
  const titleLines = wrap(caption.title, width - 2 * pad, `600 18px ${family}`);
  const keyLines = (caption.key ?? []).flatMap((entry) => wrap(entry, width - 2 * pad, small));
  const footer = [caption.source, caption.asOf, caption.address].flatMap((line) => wrap(line, width - 2 * pad, small));
  const top = pad + titleLines.length * 24;
  const chartTop = top + 8;
  const keyTop = chartTop + chartHeight + 8;
  const footerTop = keyTop + keyLines.length * lineHeight + (keyLines.length ? 12 : 0);
  const height = footerTop + footer.length * lineHeight + pad;
  const doc = document.implementation.createDocument(svgNs, 'svg', null);
  const root = doc.documentElement;
  root.setAttribute('xmlns', svgNs);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const add = (parent, name, attributes, text) => {
    const el = doc.createElementNS(svgNs, name);
    for (const [k, v] of Object.entries(attributes)) {
      el.setAttribute(k, String(v));
    }
    if (text !== undefined) {
      el.textContent = text;
    }
    parent.appendChild(el);
    return el;
  };
  const ink = cssVar('--mud-palette-text-primary') || 'black';
  add(root, 'rect', { x: 0, y: 0, width, height, fill: cssVar('--mud-palette-surface') || 'white' });
  titleLines.forEach((line, i) => add(root, 'text', {
    x: pad, y: pad + 16 + i * 24, 'font-size': 18, 'font-weight': 600, 'font-family': family, fill: ink, 'data-part': 'title',
  }, line));
  chartSvg.setAttribute('x', '0');
  chartSvg.setAttribute('y', String(chartTop));
  root.appendChild(doc.importNode(chartSvg, true));
  const lines = (list, y0, part) => list.forEach((line, i) => add(root, 'text', {
    x: pad, y: y0 + (i + 1) * lineHeight - 4, 'font-size': 12, 'font-family': family, fill: ink, 'data-part': part,
  }, line));
  lines(keyLines, keyTop, 'key');
  lines(footer, footerTop, 'footer');
  return { svg: new XMLSerializer().serializeToString(doc), width, height };
}

function save(fileName, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves the chart as "svg" or "png" with its caption (title, source, asOf, address). */
export async function exportImage(holder, format, caption, fileName) {
  const { svg, width, height } = await composeSvg(holder, caption);
  if (format === 'svg') {
    save(fileName, new Blob([svg], { type: 'image/svg+xml' }));
    return;
  }
  const image = new Image();
  image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
  await image.decode();
  const scale = 2; // sharp enough for print and slides
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext('2d');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  const blob = await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'));
  save(fileName, blob);
}

/** Saves text made on the server (CSV, JSON) as a file. */
export function saveText(fileName, mimeType, text) {
  save(fileName, new Blob([text], { type: mimeType }));
}

/** Copies the page's address; false where the browser refuses (no permission, insecure context). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
