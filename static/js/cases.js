// Cases app behaviours. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  // Risk assessment: the override reason is only asked for when a manual tier is chosen.
  var tier = document.getElementById("id_override_tier");
  var reason = document.getElementById("div_id_override_reason");
  if (tier && reason) {
    var sync = function () { reason.classList.toggle("d-none", !tier.value); };
    tier.addEventListener("change", sync);
    sync();
  }

  // A child's file: the timeline shows one kind of event at a time, or all (a printout always has them all).
  var filter = document.querySelector("[data-timeline-filter]");
  var timeline = document.getElementById("timeline");
  if (filter && timeline) {
    filter.addEventListener("click", function (event) {
      var chosen = event.target.closest("button[data-show]");
      if (!chosen) { return; }
      var kind = chosen.getAttribute("data-show");
      filter.querySelectorAll("button[data-show]").forEach(function (button) {
        button.classList.toggle("active", button === chosen);
        button.setAttribute("aria-pressed", button === chosen ? "true" : "false");
      });
      timeline.querySelectorAll("li[data-kind]").forEach(function (item) {
        item.hidden = kind !== "" && item.getAttribute("data-kind") !== kind;
      });
    });
  }
})();
