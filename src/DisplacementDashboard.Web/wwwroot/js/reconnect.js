// After the live connection comes back, send the server what the page's text fields show. An edit whose change
// event was on its way when the connection dropped never reached the server, although the field still shows it:
// without this, "Save" would answer "the value is empty" for a number that is on screen. Sending a field's current
// text again is harmless (the server sets the same value). Lists, pickers and autocompletes are left alone: their
// text is not their value.
(() => {
  const banner = document.getElementById('components-reconnect-modal');
  if (!banner) {
    return;
  }

  const down = /components-reconnect-(show|retrying|paused)/;
  let wasDown = false;
  new MutationObserver(() => {
    const isDown = down.test(banner.className);
    if (wasDown && !isDown && !/components-reconnect-(failed|rejected)/.test(banner.className)) {
      for (const field of document.querySelectorAll('main input[type=text], main input:not([type]), main textarea')) {
        if (!field.disabled && !field.readOnly && !field.closest('.mud-autocomplete, .mud-select, .mud-picker')) {
          field.dispatchEvent(new Event('change', { bubbles: true }));
        }
      }
    }

    wasDown = isDown;
  }).observe(banner, { attributes: true, attributeFilter: ['class'] });
})();
