// A file dropped anywhere on the import drop zone goes to the zone's own <input type="file">, exactly as if it had been
// chosen in the file dialog: Blazor's InputFile reads it from the input's change event. Handling the drop here (rather
// than relying on the browser dropping onto the transparent input) covers the zone's edges too.
export function attach(zone) {
  const over = (e) => {
    if (e.dataTransfer && [...e.dataTransfer.types].includes('Files')) {
      e.preventDefault();
    }
  };
  const drop = (e) => {
    const input = zone.querySelector('input[type=file]');
    if (!input || !e.dataTransfer || e.dataTransfer.files.length === 0) {
      return;
    }

    e.preventDefault();
    if (input.disabled) {
      return;
    }

    input.files = e.dataTransfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  };
  zone.addEventListener('dragover', over);
  zone.addEventListener('drop', drop);
  zone.ddDetach = () => {
    zone.removeEventListener('dragover', over);
    zone.removeEventListener('drop', drop);
  };
}

export function detach(zone) {
  zone.ddDetach?.();
}
