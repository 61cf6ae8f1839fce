// Small behaviours shared by every page. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  // Buttons with data-confirm ask before submitting.
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // Print buttons (the monthly report, a child's file): the print stylesheet lays the page out on A4.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
