// A page showing work in progress (an import, a bulletin) reloads itself every few seconds while
// the worker works, so its progress bar moves. Without JavaScript the page carries an
// "Atualizar" link instead (a <meta http-equiv="refresh"> would reload it with no way to stop,
// which WCAG 2.2.1 forbids). Pausing stops the reloads until the person asks again.
(function () {
  "use strict";
  var box = document.querySelector("[data-refresh-seconds]");
  if (!box) {
    return;
  }
  var seconds = parseInt(box.getAttribute("data-refresh-seconds"), 10) || 2;
  var pause = box.querySelector("[data-refresh-pause]");
  var timer = window.setTimeout(function () {
    window.location.reload();
  }, seconds * 1000);
  if (pause) {
    pause.hidden = false;
    pause.addEventListener("click", function () {
      window.clearTimeout(timer);
      pause.hidden = true;
      box.querySelector("[data-refresh-note]").textContent = pause.getAttribute("data-paused");
    });
  }
})();
