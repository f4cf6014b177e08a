// Thin interop between the ApexChart Blazor component and apexcharts 4.7 (ES module build, from npm).
// Blazor hands over plain options; formatting functions cannot cross interop, so number formats are
// attached here from the `numberFormat` hints, in the page's language.
import ApexCharts from '../lib/apexcharts/apexcharts.esm.js';

const language = () => document.documentElement.lang || 'en';

function formatter(kind) {
  if (kind === 'percent') {
    const f = new Intl.NumberFormat(language(), { maximumFractionDigits: 1 });
    return (v) => (v === null || v === undefined ? '' : f.format(v) + '%');
  }
  const f = new Intl.NumberFormat(language(), { maximumFractionDigits: 0 });
  return (v) => (v === null || v === undefined ? '' : f.format(v));
}

function prepare(options) {
  const o = structuredClone(options);
  for (const axis of o.yaxis ?? []) {
    if (axis.numberFormat) {
      axis.labels = { ...(axis.labels ?? {}), formatter: formatter(axis.numberFormat) };
      delete axis.numberFormat;
    }
  }
  if (options.yaxis?.length) {
    o.tooltip = { ...(o.tooltip ?? {}), y: { formatter: formatter(options.yaxis[0].numberFormat ?? 'integer') } };
  }
  return o;
}

// The chart is kept in a holder so an update can replace it: apexcharts' updateOptions got slower with every call on
// the timeline (0.9 s to 2.1 s over eight window changes in headless Chromium) while a fresh chart costs the same each
// time (docs/performance.md: a UI event at 50 open pages).
export function create(element, options) {
  return track(createChart(element, options));
}

export function update(holder, options) {
  return track(updateChart(holder, options));
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

async function createChart(element, options) {
  const holder = { element, chart: new ApexCharts(element, prepare(options)), version: 0, destroyed: false };
  await holder.chart.render();
  return holder;
}

async function updateChart(holder, options) {
  // The update arrives with the page's other changes (tables, captions): let the browser paint those first, so
  // redrawing the chart does not hold back the frame that shows them.
  const version = ++holder.version;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  if (holder.destroyed || version !== holder.version) {
    return; // the page left, or a newer update replaces this one
  }
  holder.chart.destroy();
  holder.chart = new ApexCharts(holder.element, prepare(options));
  await holder.chart.render();
}

export function destroy(holder) {
  holder.destroyed = true;
  holder.chart.destroy();
}
