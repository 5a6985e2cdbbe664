async ([pages, root]) => {
  // Runs in the intro page (the root document). Gathers the other pages' articles after its own,
  // in reading order (an anchor that another page already uses gets its page's name as a prefix),
  // points the links between pages at the gathered anchors, runs the scripts of the gathered content
  // (e.g. an animation's, then shown at its last frame), moves each chapter's solutions to its
  // end, lists the chapters on the title page, then waits for every image, the fonts and MathJax.
  // Returns the chapter titles, in order.
  // Evaluated by book_pdf.print_book as a function of [pages, root].
  const slug = page => page.replace(/[^A-Za-z0-9]+/g, "-");
  const base = page => new URL(page + ".html", location.origin + "/");
  const article = document.querySelector("article.bd-article");
  const ids = new Set([...document.querySelectorAll("[id]")].map(el => el.id));
  const anchors = {[root]: {}};
  const parts = [[root, article]];
  const titles = [];
  let mathjax = null, mathjaxConfig = null;
  article.insertAdjacentHTML("afterbegin", `<span id="${slug(root)}"></span>`);
  for (const page of pages.filter(p => p !== root)) {
    const response = await fetch(base(page));
    if (!response.ok) throw new Error(`${page}.html: HTTP ${response.status}`);
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const mathjaxScript = doc.querySelector('script[src*="mathjax"]');
    mathjax = mathjax ||
      (mathjaxScript && new URL(mathjaxScript.getAttribute("src"), base(page)).href);
    mathjaxConfig = mathjaxConfig ||
      [...doc.scripts].find(s => /window\.MathJax\s*=/.test(s.textContent));
    const chapter = document.createElement("section");
    chapter.className = "book-chapter";
    chapter.id = slug(page);
    for (const node of [...doc.querySelector("article.bd-article").childNodes]) {
      chapter.appendChild(document.importNode(node, true));
    }
    anchors[page] = {};
    for (const el of chapter.querySelectorAll("[id]")) {
      if (!ids.has(el.id)) { ids.add(el.id); continue; }
      let id = slug(page) + "--" + el.id;
      while (ids.has(id)) id += "-";
      anchors[page][el.id] = id;
      ids.add(id);
      el.id = id;
    }
    // A solution's title names its exercise as text on the site (site_fixes.py): a link here.
    for (const span of chapter.querySelectorAll("span.solution-of[data-href]")) {
      const a = document.createElement("a");
      a.setAttribute("href", span.dataset.href);
      a.append(...span.childNodes);
      span.replaceWith(a);
    }
    article.appendChild(chapter);
    parts.push([page, chapter]);
    const h1 = chapter.querySelector("h1");
    titles.push(h1 ? h1.textContent.replace(/#$/, "").trim() : page);
  }
  for (const [page, part] of parts) {
    const inside = el => page === root ? !el.closest("section.book-chapter") : true;
    for (const a of [...part.querySelectorAll("a[href]")].filter(inside)) {
      const url = new URL(a.getAttribute("href"), base(page));
      const target = url.origin === location.origin &&
        pages.find(p => url.pathname === "/" + p + ".html");
      if (!target) { a.setAttribute("href", url.href); continue; }
      const hash = decodeURIComponent(url.hash.slice(1));
      a.setAttribute("href", "#" + (hash ? (anchors[target][hash] || hash) : slug(target)));
    }
    for (const img of [...part.querySelectorAll("img[src]")].filter(inside)) {
      img.src = new URL(img.getAttribute("src"), base(page)).href;
    }
  }
  for (const [i, [page, chapter]] of parts.slice(1).entries()) {
    // Scripts inserted this way do not run: run them, in order, as the page would.
    for (const old of [...chapter.querySelectorAll("script")]) {
      if (old.src || (old.type && !/javascript|module/.test(old.type))) continue;
      const script = document.createElement("script");
      for (const attribute of old.attributes) script.setAttribute(attribute.name, attribute.value);
      script.textContent = old.textContent;
      old.replaceWith(script);
    }
    const solutions = [...chapter.querySelectorAll("div.solution")];
    if (!solutions.length) continue;
    const section = document.createElement("section");
    section.className = "book-solutions";
    section.innerHTML = "<h2></h2>";
    section.firstChild.textContent = "Solutions to the exercises of \u201c" + titles[i] + "\u201d";
    for (const solution of solutions) {
      solution.classList.remove("toggle-hidden", "dropdown");
      for (const hidden of solution.querySelectorAll(".toggle-hidden")) {
        hidden.classList.remove("toggle-hidden");
      }
      section.appendChild(solution);
    }
    chapter.appendChild(section);
  }
  // The intro's own list of contents is now the book itself: drop it, and list the chapters
  // on the title page (the theme's print header) instead.
  for (const toc of article.querySelectorAll(".toctree-wrapper")) {
    const section = toc.parentElement.closest("section");
    toc.remove();
    if (section && section !== article.querySelector("section") && section.children.length <= 1) {
      section.remove();
    }
  }
  const bookTitle = document.querySelector("#jb-print-docs-body h1");
  if (bookTitle) document.title = bookTitle.textContent.trim();  // the pages' running head
  // The outline: the intro and every chapter (h1), with their sections (h2). It is listed on the
  // title page (so every entry is a link target, hence a named destination in the PDF) and
  // returned for the PDF's bookmarks (Chromium's own repeat the text of headings with math).
  const outline = [];
  const text = h => {
    const copy = h.cloneNode(true);
    for (const link of copy.querySelectorAll(".headerlink")) link.remove();
    // Math is not typeset yet: its TeX, without the delimiters.
    return copy.textContent.replace(/\\[()]/g, "").replace(/\s+/g, " ").trim();
  };
  for (const [page, part] of parts) {
    for (const h of part.querySelectorAll("h1, h2")) {
      if (page === root && h.closest("section.book-chapter")) continue;
      const section = h.closest("section");
      if (!section.id) section.id = slug(page) + "--" + outline.length;
      outline.push({level: h.tagName === "H1" ? 0 : 1, id: section.id,
                    title: page === root && h.tagName === "H1" ? "Introduction" : text(h)});
    }
  }
  const nav = document.querySelector("#jb-print-toc nav ul");
  if (nav) {
    nav.innerHTML = "";
    let chapter = null;
    for (const entry of outline) {
      const li = document.createElement("li");
      li.innerHTML = `<a href="#${entry.id}"></a>`;
      li.firstChild.textContent = entry.title;
      if (entry.level === 0 || !chapter) {
        nav.appendChild(li);
        chapter = li.appendChild(document.createElement("ul"));
      } else {
        chapter.appendChild(li);
      }
    }
  }
  await new Promise(resolve => setTimeout(resolve, 100));  // animations set their first frame
  // On paper an animation shows its last frame, the whole story (the paths drawn to the end).
  for (const last of article.querySelectorAll('button[aria-label="Last step"], ' +
                                              'button[aria-label="Last frame"]')) last.click();
  for (const img of document.images) img.loading = "eager";
  await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
  if (!window.MathJax || !window.MathJax.startup) {
    // The intro has no mathematics, so no MathJax: load the chapters' (it typesets on load).
    if (mathjaxConfig) (0, eval)(mathjaxConfig.textContent);
    if (mathjax) {
      await new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = mathjax;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
  } else {
    await MathJax.startup.promise;
    await MathJax.typesetPromise();
  }
  if (window.MathJax && MathJax.startup) await MathJax.startup.promise;
  document.body.getBoundingClientRect();  // lays the book out: its fonts (the CJK one) load
  await document.fonts.ready;
  const errors = [...document.querySelectorAll("mjx-merror")].map(e => e.textContent);
  if (errors.length) throw new Error("MathJax errors: " + errors.join("; "));
  return {titles, outline};
}
