// Brings a candidate's phrase (or card) into view and marks it as the current one for keyboard and screen-reader users.
export function show(id) {
  const element = document.getElementById(id);
  if (!element) {
    return;
  }

  element.scrollIntoView({ block: 'center', behavior: 'smooth' });
  element.focus({ preventScroll: true });
}
