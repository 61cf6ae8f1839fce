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
})();
