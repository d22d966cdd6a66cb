// "Sair rápido" on the help and reporting pages: leave for a neutral site at once and replace
// this page in the tab's history, so that Back does not bring it up again. Without JavaScript
// the button is a plain link to the same site. Escape pressed twice does the same.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) {
    return;
  }
  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.body.style.visibility = "hidden";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var last = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var now = Date.now();
    if (now - last < 800) {
      leave(event);
    }
    last = now;
  });
})();
