(function () {
  var root = document.getElementById("$name");
  var paths = $paths, panels = $panels, titles = $titles;
  var frames = $frames, interval = $interval, frame = 0, timer = null;
  var lines = root.querySelectorAll("polyline"), dots = root.querySelectorAll("circle");
  var buttons = root.querySelectorAll("button"), slider = root.querySelector("input");
  var counter = root.querySelector("output"), play = buttons[1];
  function show(k) {
    frame = k;
    slider.value = k;
    var steps = titles.map(function () { return 0; });
    for (var i = 0; i < paths.length; i++) {
      var xy = paths[i], last = Math.round(k * (xy.length - 1) / (frames - 1));
      lines[i].setAttribute("points", xy.slice(0, last + 1).join(" "));
      dots[i].setAttribute("cx", xy[last][0]);
      dots[i].setAttribute("cy", xy[last][1]);
      steps[panels[i]] = Math.max(steps[panels[i]], last);
    }
    counter.textContent = titles.map(function (t, j) { return t + "step " + steps[j]; }).join(", ");
  }
  function stop() {
    clearInterval(timer);
    timer = null;
    play.innerHTML = "&#9654; play";
    play.setAttribute("aria-label", "Play");
  }
  function start() {
    if (frame >= frames - 1) { show(0); }
    play.innerHTML = "&#10074;&#10074; pause";
    play.setAttribute("aria-label", "Pause");
    timer = setInterval(function () {
      if (frame >= frames - 1) { stop(); } else { show(frame + 1); }
    }, interval);
  }
  buttons[0].onclick = function () { stop(); show(0); };
  play.onclick = function () { if (timer === null) { start(); } else { stop(); } };
  buttons[2].onclick = function () { stop(); show(frames - 1); };
  slider.oninput = function () { stop(); show(parseInt(slider.value, 10)); };
  show(0);
})();
