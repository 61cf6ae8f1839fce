// Keyboard logging of hotline calls (delegated: drafts.js may swap the form for the server's). No inline scripts:
// the Content-Security-Policy forbids them.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var form = event.target.form;
    if (!form || form.id !== "call-form" || event.key !== "Enter" || event.isComposing) {
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
