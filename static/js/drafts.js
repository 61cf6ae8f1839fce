// Forms whose input must survive a weak connection or an expired login: the home-visit form (a phone in a village)
// and the hotline's call form. The page holds one <form data-draft-key> inside a [data-draft-wrap] element with the
// alerts of templates/includes/draft_alerts.html; the view answers through zhanpu.drafts.saved_response.
// - Every keystroke is kept in localStorage under the form's data-draft-key; a reload restores it.
// - Submission goes through fetch: on a network error, a server error (5xx) or an expired login the draft stays
//   and a "重新提交" button appears; a form with validation errors is swapped in from the server's answer.
// - The draft is removed only once the server answered {"location": "..."} (the record is stored); that page is
//   then loaded once, so it shows the "已保存" message.
// - The form's hidden submission_key is kept in the draft: sent again after an answer lost on the way, it makes the
//   server answer with the record already stored rather than file a second one (zhanpu/drafts.py).
// - While it is on its way the button says so ("正在提交…", app.js's data-msg-sending, or the form's own) with a
//   role="status" line for screen readers; with no answer after the form's data-timeout-ms (90 s by default: a
//   visit's photos on a village connection) it is given up, the draft kept, and "重新提交" offered (safe, as above).
// - Signing in again (in another window, as the expired-login message asks) gives the browser a new CSRF token, so
//   the token this page holds is refused (403): the current token is then read (app.js's refreshToken, which puts
//   it into the form) and the form sent once more.
(function () {
  "use strict";

  function currentForm() { return document.querySelector("form[data-draft-key]"); }

  function isDraftForm(form) { return form && form.hasAttribute && form.hasAttribute("data-draft-key"); }

  function submitButton(form) { return form.querySelector("[type=submit]"); }

  function storageKey(form) { return form.getAttribute("data-draft-key"); }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" && el.type !== "submit";
    });
  }

  function save(form) {
    // Checkboxes: the values ticked under each name (a group such as the call's categories, or one box);
    // radio buttons: the value chosen; any other field: its value.
    var data = {};
    fields(form).forEach(function (el) {
      if (el.type === "checkbox") {
        data[el.name] = data[el.name] || [];
        if (el.checked) { data[el.name].push(el.value); }
      } else if (el.type === "radio") {
        if (el.checked || !(el.name in data)) { data[el.name] = el.checked ? el.value : null; }
      } else {
        data[el.name] = el.value;
      }
    });
    try { window.localStorage.setItem(storageKey(form), JSON.stringify(data)); } catch (e) { /* storage full or off */ }
  }

  function load(form) {
    try { return JSON.parse(window.localStorage.getItem(storageKey(form)) || "null"); } catch (e) { return null; }
  }

  function clear(form) {
    try { window.localStorage.removeItem(storageKey(form)); } catch (e) { /* ignore */ }
  }

  function show(id, visible) {
    var el = document.getElementById(id);
    if (el) { el.classList.toggle("d-none", !visible); }
  }

  function restore(form) {
    var data = load(form);
    if (!data) { return; }
    fields(form).forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(data, el.name)) { return; }
      var saved = data[el.name];
      if (el.type === "checkbox") {
        el.checked = Array.isArray(saved) ? saved.indexOf(el.value) !== -1 : !!saved;  // (older drafts: a boolean)
      } else if (el.type === "radio") {
        el.checked = saved === el.value;
      } else {
        el.value = saved;
      }
    });
    show("draft-restored", true);
  }

  var TIMEOUT_MS = 90000;

  function timeoutMs(form) {
    var ms = parseInt(form.getAttribute("data-timeout-ms"), 10);
    return ms > 0 ? ms : TIMEOUT_MS;
  }

  function formMessage(form, name) {
    return form.getAttribute("data-msg-" + name) || (window.zhanpu && window.zhanpu.message(name)) || "";
  }

  // The button reads "正在提交…" while the form is on its way, and the form's status line says the same; idle()
  // puts the button's own label back and empties the line.
  function statusLine(form) {
    var line = form.querySelector("[data-draft-status]");
    if (!line) {
      line = document.createElement("div");
      line.className = "visually-hidden";
      line.setAttribute("role", "status");
      line.setAttribute("data-draft-status", "");
      form.appendChild(line);
    }
    return line;
  }

  function sending(form) {
    var text = formMessage(form, "sending");
    var button = submitButton(form);
    if (button) {
      button.disabled = true;
      if (text && !button.hasAttribute("data-idle-label")) {
        button.setAttribute("data-idle-label", button.innerHTML);
        var spinner = document.createElement("span");
        spinner.className = "spinner-border spinner-border-sm me-2";
        spinner.setAttribute("aria-hidden", "true");
        button.replaceChildren(spinner, document.createTextNode(text));
      }
    }
    if (text) { statusLine(form).textContent = text; }
  }

  function idle(form) {
    var button = submitButton(form);
    if (button) {
      button.disabled = false;
      if (button.hasAttribute("data-idle-label")) {
        button.innerHTML = button.getAttribute("data-idle-label");
        button.removeAttribute("data-idle-label");
      }
    }
    var line = form.querySelector("[data-draft-status]");
    if (line) { line.textContent = ""; }
  }

  function fail(form, message) {
    save(form);
    var text = document.getElementById("submit-failed-text");
    if (text && message) { text.textContent = message; }
    show("submit-failed", true);
    idle(form);
  }

  function swapIn(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-draft-wrap]");
    var wrap = document.querySelector("[data-draft-wrap]");
    if (!fresh || !wrap) { return false; }
    wrap.replaceWith(fresh);
    if (window.htmx) { window.htmx.process(fresh); }  // its hx- attributes (the call form's number look-up)
    save(currentForm());
    var firstError = fresh.querySelector(".is-invalid, .alert-danger:not(.d-none), .invalid-feedback");
    if (firstError) { firstError.scrollIntoView({block: "center"}); }
    return true;
  }

  function send(form, retried) {
    save(form);
    show("submit-failed", false);
    sending(form);
    // One outcome per sending: stored (the next page loads), the form swapped in, sent again with the current token,
    // or failed. No answer within timeoutMs: the request is aborted and the sending has failed; whatever comes later
    // is ignored.
    var settled = false;
    function settle() {
      if (settled) { return false; }
      settled = true;
      window.clearTimeout(timer);
      return true;
    }
    function failed(message) {
      if (settle()) { fail(form, message); }
    }
    var controller = window.AbortController ? new window.AbortController() : null;
    var timer = window.setTimeout(function () {
      if (controller) { controller.abort(); }
      failed(form.getAttribute("data-msg-failed"));
    }, timeoutMs(form));
    // getAttribute: a field named "action" (the call form has one) shadows form.action
    window.fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: new FormData(form), credentials: "same-origin", headers: {"X-Draft-Fetch": "1"},
      signal: controller ? controller.signal : undefined,
    }).then(function (response) {
      if (settled) { return null; }
      var type = response.headers.get("Content-Type") || "";
      if (response.ok && type.indexOf("application/json") === 0) {
        // Stored: the server names the page to load (not followed here, so its "已保存" message is kept for it).
        return response.json().then(function (answer) {
          if (!settle()) { return; }
          clear(form);
          // This form's key is used up: the page, if the browser brings it back, must not send it with new input.
          var key = form.querySelector("[name=submission_key]");
          if (key) { key.value = ""; }
          window.location.assign(answer.location);
        });
      }
      if (window.zhanpu.toLogin(response)) {
        failed(form.getAttribute("data-msg-login"));
        return null;
      }
      if (!retried && window.zhanpu.csrfRefused(response.status, response.headers.get("X-CSRF-Failure"))) {
        // Likely a token made stale by signing in again elsewhere: take the current one and send once more.
        return window.zhanpu.refreshToken().then(function (token) {
          if (token === null) {
            failed(form.getAttribute("data-msg-login"));
            return;
          }
          if (settle()) { send(form, true); }
        });
      }
      if (!response.ok) {
        failed(form.getAttribute("data-msg-failed"));
        return null;
      }
      return response.text().then(function (html) {
        if (settled) { return; }
        if (swapIn(html)) { settle(); } else { failed(form.getAttribute("data-msg-failed")); }
      });
    }).catch(function () {
      failed(form.getAttribute("data-msg-failed"));
    });
  }

  document.addEventListener("input", function (event) {
    if (isDraftForm(event.target.form)) { save(event.target.form); }
  });
  document.addEventListener("change", function (event) {
    if (isDraftForm(event.target.form)) { save(event.target.form); }
  });
  document.addEventListener("submit", function (event) {
    if (!isDraftForm(event.target) || !window.fetch) { return; }
    event.preventDefault();
    send(event.target);
  });
  document.addEventListener("click", function (event) {
    var form = currentForm();
    if (!form) { return; }
    if (event.target.id === "resubmit") { send(form); }
    if (event.target.id === "draft-discard") {
      clear(form);
      form.reset();
      show("draft-restored", false);
    }
  });

  var form = currentForm();
  if (form) { restore(form); }
})();
