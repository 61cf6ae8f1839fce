// Keyboard logging of hotline calls. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  var form = document.getElementById("call-form");
  if (!form) {
    return;
  }
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing) {
      return;
    }
    var target = event.target;
    // In the summary, Enter is a new line and Ctrl/Cmd+Enter submits.
    if (target.tagName === "TEXTAREA") {
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        form.requestSubmit();
      }
      return;
    }
    // On a radio button or checkbox, Enter submits like in a text field (browsers differ otherwise).
    if (target.type === "radio" || target.type === "checkbox") {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
