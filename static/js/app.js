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
  // The home page lists the drafts of drafts.js kept on this device and never sent (keys zhanpu-visit-draft-<child>-
  // <user> and zhanpu-call-draft-<user>, set by the forms' data-draft-key), each linked to its form.
  var pending = document.getElementById("pending-drafts");
  if (pending) {
    var user = pending.getAttribute("data-user");
    var found = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        var visit = /^zhanpu-visit-draft-(\d+)-(\d+)$/.exec(key);
        if (visit && visit[2] === user && pending.hasAttribute("data-visit-url")) {
          found.push([pending.getAttribute("data-visit-url").replace("/0/", "/" + visit[1] + "/"),
                      pending.getAttribute("data-visit-label").replace("{pk}", visit[1])]);
        } else if (key === "zhanpu-call-draft-" + user && pending.hasAttribute("data-call-url")) {
          found.push([pending.getAttribute("data-call-url"), pending.getAttribute("data-call-label")]);
        }
      }
    } catch (e) { /* storage off: nothing to list */ }
    var list = pending.querySelector("[data-links]");
    found.forEach(function (item) {
      var link = document.createElement("a");
      link.className = "alert-link me-3";
      link.href = item[0];
      link.textContent = item[1];
      list.appendChild(link);
    });
    pending.classList.toggle("d-none", found.length === 0);
  }
  // Print buttons (the monthly report, a child's file): the print stylesheet lays the page out on A4.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
