// The browser window's size for ViewportService (Components/Layout/ViewportService.cs), MudBlazor's viewport service
// interface with plain numbers crossing interop. Sizes are [width, height] in CSS pixels (window.innerWidth/Height).

const listeners = new Map();

export function size() {
  return [window.innerWidth, window.innerHeight];
}

export function matches(query) {
  return window.matchMedia(query).matches;
}

// Calls dotnet.OnResized(width, height) once the window has stopped changing size for reportRate milliseconds.
export function listen(dotnet, id, reportRate) {
  cancel(id);
  let timer;
  const handler = () => {
    clearTimeout(timer);
    timer = setTimeout(() => dotnet.invokeMethodAsync('OnResized', window.innerWidth, window.innerHeight), reportRate);
  };
  window.addEventListener('resize', handler);
  listeners.set(id, () => { clearTimeout(timer); window.removeEventListener('resize', handler); });
}

export function cancel(id) {
  const stop = listeners.get(id);
  if (stop) { stop(); listeners.delete(id); }
}
