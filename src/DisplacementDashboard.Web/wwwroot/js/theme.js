// Light/dark without a theme component in every circuit: the theme's CSS is one static file (ThemeStylesheet.cs),
// switched by html[data-theme] and, while no choice is made, by prefers-color-scheme.

const darkQuery = () => matchMedia('(prefers-color-scheme: dark)');
let watching;

// Remembers the reader's light/dark choice for a year and applies it now. The server reads the cookie on the next
// visit and writes data-theme on <html>, so the first paint already has the right palette.
export function remember(mode) {
  const value = mode === 'dark' ? 'dark' : 'light';
  document.cookie = `dd-theme=${value}; path=/; max-age=31536000; samesite=strict`;
  document.documentElement.dataset.theme = value;
  stopWatching();
}

// Whether the system prefers dark, and calls dotnet.SystemDarkModeChanged(dark) when that changes (for the toggle's label).
export function followSystem(dotnet) {
  stopWatching();
  const query = darkQuery();
  const listener = e => dotnet.invokeMethodAsync('SystemDarkModeChanged', e.matches);
  query.addEventListener('change', listener);
  watching = () => query.removeEventListener('change', listener);
  return query.matches;
}

export function stopWatching() {
  if (watching) { watching(); watching = undefined; }
}
