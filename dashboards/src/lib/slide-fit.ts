// Seminar charts drawn to the size of the box their slide gives them, at every screen size (a 1280×720 projector or
// a 1920×1080 screen): each chart is a draw function, called again once the slide is laid out and on resize, so
// that no label is cut and no row is clipped. The SVG also fits its box by CSS, as a last resort.

type Draw = (width: number, height: number) => SVGSVGElement;

const drawers = new WeakMap<Element, Draw>();

/** A chart holder drawn first at a provisional size, redrawn by `fitCharts` to its box. */
export function fitted(draw: Draw, provisional: { width: number; height: number }): HTMLElement {
  const holder = document.createElement('div');
  holder.className = 'fit';
  holder.append(draw(provisional.width, provisional.height));
  drawers.set(holder, draw);
  return holder;
}

/**
 * Redraws every fitted chart of the slides to its box, in chart units (`scale` screen pixels each: text and marks are
 * larger on a projected slide). Inactive slides are shown for the time of the measure, in the same frame.
 */
export function fitCharts(slides: HTMLElement[], scale: number): void {
  const active = slides.find((s) => s.classList.contains('active'));
  for (const slide of slides) {
    const holders = [...slide.querySelectorAll<HTMLElement>('.fit')];
    if (holders.length === 0) continue;
    for (const s of slides) s.classList.toggle('active', s === slide);
    const boxes = holders.map((holder) => {
      const body = holder.parentElement ?? holder;
      return { width: body.clientWidth, height: body.clientHeight };
    });
    holders.forEach((holder, i) => {
      const box = boxes[i]!;
      const draw = drawers.get(holder);
      if (draw && box.width > 40 && box.height > 40)
        holder.replaceChildren(draw(Math.floor(box.width / scale), Math.floor(box.height / scale)));
    });
  }
  for (const s of slides) s.classList.toggle('active', s === active);
}

/** Chart units per screen pixel for this window: 1 on a 720-pixel-high projector, up to 1.5 on a large screen. */
export function slideScale(): number {
  return Math.min(1.5, Math.max(1, window.innerHeight / 700));
}
