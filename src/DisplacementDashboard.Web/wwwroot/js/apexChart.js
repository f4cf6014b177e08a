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

export async function create(element, options) {
  const chart = new ApexCharts(element, prepare(options));
  await chart.render();
  return chart;
}

export async function update(chart, options) {
  await chart.updateOptions(prepare(options), true, false);
}

export function destroy(chart) {
  chart.destroy();
}
