// Fixes of the site's behaviour on narrow screens, found by the browser tests (see site_fixes.py).
"use strict";

// A box that scrolls sideways fades out at an edge past which more of it hides (classes
// scrolls-left and scrolls-right, styled in site_fixes.css): a phone shows no scroll bar.
function cueScrolling(box) {
  const update = () => {
    const more = box.scrollWidth - box.clientWidth;
    box.classList.toggle("scrolls-right", more > 1 && box.scrollLeft < more - 1);
    box.classList.toggle("scrolls-left", more > 1 && box.scrollLeft > 1);
  };
  box.addEventListener("scroll", update, {passive: true});
  new ResizeObserver(update).observe(box);
  update();
}

// Displayed equations wider than the column scroll sideways (the theme's overflow: auto), now
// with the cue. MathJax typesets after the page has loaded.
function cueWideEquations() {
  if (!document.querySelector("article div.math")) return;
  const wait = () => (window.MathJax && MathJax.startup && MathJax.startup.promise)
    ? MathJax.startup.promise.then(() => {
      for (const box of document.querySelectorAll("article div.math > mjx-container")) {
        cueScrolling(box);
      }
    })
    : setTimeout(wait, 100);
  wait();
}

// A figure is never drawn so small that its smallest text is under 8 px tall: at least
// bookFigureScale times its width in pixels (site_fixes.py computes it from the book's plotting
// style). On a phone a wide figure is thus wider than the column, in a box that scrolls sideways.
function keepFiguresLegible() {
  const scale = window.bookFigureScale;
  if (!scale) return;
  for (const img of document.querySelectorAll("article .cell_output img")) {
    // An animation's image lies under a drawing of the same size: widen both together.
    const parent = img.parentElement;
    const target = getComputedStyle(parent).position === "relative" ? parent : img;
    const box = document.createElement("div");
    box.className = "legible-figure";
    target.replaceWith(box);
    box.appendChild(target);
    const widen = () => {
      if (!img.naturalWidth) return;
      target.style.minWidth = `${Math.ceil(img.naturalWidth * scale)}px`;
      cueScrolling(box);
    };
    if (img.complete) widen(); else img.addEventListener("load", widen, {once: true});
  }
}

cueWideEquations();
keepFiguresLegible();
