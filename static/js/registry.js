// Organisation-at-work pages (issue 6). No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  // Filter forms marked data-autosubmit submit as soon as a choice changes (the button stays for no-JS use).
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function () { form.submit(); });
  });
})();
