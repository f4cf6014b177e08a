// Remembers the reader's light/dark choice for a year. The server reads the cookie on the next visit, so the first
// paint already has the right palette; without it the layout follows prefers-color-scheme.
export function remember(mode) {
  document.cookie = `dd-theme=${mode === 'dark' ? 'dark' : 'light'}; path=/; max-age=31536000; samesite=strict`;
}
