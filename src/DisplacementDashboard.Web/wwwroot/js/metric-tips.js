// A metric's definition (Components/Shared/MetricName.razor) shows on hover and focus through CSS alone; Escape hides the
// one showing without moving the pointer or the focus (WCAG 1.4.13, dismissible). It shows again once the pointer or
// the focus moves to something else.
(() => {
    let dismissed = null;
    document.addEventListener('keydown', e => {
        if (e.key !== 'Escape') {
            return;
        }
        const open = document.querySelector('.dd-metric:focus-within') ?? document.querySelector('.dd-metric:hover');
        if (open) {
            open.classList.add('dd-metric-dismissed');
            dismissed = open;
        }
    });
    const reset = e => {
        if (dismissed && !(e.target instanceof Node && dismissed.contains(e.target))) {
            dismissed.classList.remove('dd-metric-dismissed');
            dismissed = null;
        }
    };
    document.addEventListener('focusin', reset);
    document.addEventListener('pointerover', reset);
})();
