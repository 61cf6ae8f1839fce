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
  // The navigation marks the section shown: the link whose address is the longest start of this page's (a menu
  // item marks its menu too).
  var current = null;
  document.querySelectorAll("#mainnav a[href^='/']").forEach(function (link) {
    var href = link.getAttribute("href");
    if (href !== "/" && window.location.pathname.indexOf(href) === 0
        && (!current || href.length > current.getAttribute("href").length)) {
      current = link;
    }
  });
  if (current) {
    current.classList.add("active");
    current.setAttribute("aria-current", "page");
    var menu = current.closest(".dropdown");
    if (menu) {
      menu.querySelector(".dropdown-toggle").classList.add("active");
    }
  }
  // Print buttons (the monthly report, a child's file): the print stylesheet lays the page out on A4.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
