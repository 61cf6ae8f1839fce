// Small behaviours shared by every page. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  var script = document.currentScript;  // its data-token-url and data-msg-* (base.html)
  function toLogin(response) {
    return response.redirected && new URL(response.url, window.location.href).pathname.indexOf("/accounts/login") === 0;
  }
  // Signing in gives the browser a new CSRF token (Django's login() rotates it): a page left open while the user
  // signed in again in another window holds a stale one, and what it posts is refused (403). The current token is
  // read from data-token-url (zhanpu.drafts.csrf_token, signed-in users only) and put wherever the page keeps one:
  // the forms' fields and <body hx-headers>. Resolves to the token, or null when the user is not signed in (any other
  // failure rejects). Also used by drafts.js.
  function refreshToken() {
    return window.fetch(script.getAttribute("data-token-url"), {credentials: "same-origin"}).then(function (response) {
      if (toLogin(response)) { return null; }
      if (!response.ok) { throw new Error("token: " + response.status); }
      return response.json().then(function (answer) {
        document.querySelectorAll("[name=csrfmiddlewaretoken]").forEach(function (el) { el.value = answer.token; });
        var headers = JSON.parse(document.body.getAttribute("hx-headers"));
        headers["X-CSRFToken"] = answer.token;
        document.body.setAttribute("hx-headers", JSON.stringify(headers));
        return answer.token;
      });
    });
  }
  // The page's messages for the scripts, from this script tag's data-msg-<name> (base.html): login, failed, refused,
  // sending.
  function message(name) { return script.getAttribute("data-msg-" + name); }
  window.zhanpu = {toLogin: toLogin, refreshToken: refreshToken, message: message};
  // A refusal for a stale token carries X-CSRF-Failure (zhanpu.drafts.csrf_failure); a permission refused does not.
  function csrfRefused(status, header) { return status === 403 && header === "1"; }
  window.zhanpu.csrfRefused = csrfRefused;
  // An htmx request that fails is said so next to what was tapped (a weak connection must not leave the page looking
  // as if nothing happened): a network error, no answer within htmx.config.timeout, a server error (data-msg-failed),
  // or a refusal (403 without X-CSRF-Failure, 404: data-msg-refused). An error answer the page swaps in on purpose
  // (htmx's responseHandling with swap) is shown already and left alone. The note goes after the element that sent
  // the request (the targets are small inline spans, and what they show, e.g. a masked number, stays); it is removed
  // when that element sends again.
  function failureNote(elt) {
    var next = elt && elt.nextElementSibling;
    return next && next.hasAttribute("data-htmx-failure") ? next : null;
  }
  function tell(detail, fallback, message) {
    var elt = (detail.requestConfig && detail.requestConfig.elt) || detail.elt || fallback;
    if (!elt || !elt.isConnected) { elt = detail.target; }
    if (!elt || !elt.isConnected) { window.alert(message); return; }
    var note = failureNote(elt);
    if (!note) {
      note = document.createElement("span");
      note.className = "text-danger small ms-1 d-print-none";
      note.setAttribute("role", "alert");
      note.setAttribute("data-htmx-failure", "");
      elt.after(note);
    }
    note.textContent = message;
  }
  function failed(event) { tell(event.detail, event.target, message("failed")); }
  // No answer at all: the request ends after this long (30 s; a <meta name="htmx-config"> "timeout" wins) instead
  // of leaving the page waiting for ever. Every hx- request is a small fragment.
  if (window.htmx && !window.htmx.config.timeout) { window.htmx.config.timeout = 30000; }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var note = failureNote(event.target);
    if (note) { note.remove(); }
  });
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);
  // An htmx request refused for its stale token is sent once more with the current one; a permission refused never
  // is. Not signed in: the element the answer was for says so (what was typed stays).
  document.addEventListener("htmx:responseError", function (event) {
    var detail = event.detail;
    var request = detail.requestConfig;
    var status = detail.xhr.status;
    if (detail.shouldSwap) { return; }
    if (!csrfRefused(status, detail.xhr.getResponseHeader("X-CSRF-Failure"))) {
      if (status >= 400 && status < 500) {
        tell(detail, event.target, message("refused"));
      } else {
        failed(event);
      }
      return;
    }
    if (request.headers["X-CSRF-Resent"]) {
      failed(event);
      return;
    }
    refreshToken().then(function (token) {
      if (token === null) {
        var note = document.createElement("span");
        note.className = "text-danger";
        note.textContent = message("login");
        detail.target.replaceChildren(note);
        return;
      }
      window.htmx.ajax(request.verb, request.path, {source: request.elt, headers: {"X-CSRF-Resent": "1"}});
    }, function () { failed(event); });
  });
  // "添加…" under a formset (data-add-form="<prefix>"): one more empty form from its <template id="<prefix>-empty">,
  // numbered as Django's formset expects, up to its maximum (a left-behind child often has two guardians to enter).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-form]");
    if (!button) { return; }
    var prefix = button.getAttribute("data-add-form");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var index = parseInt(total.value, 10);
    var form = document.getElementById(prefix + "-empty").content.cloneNode(true);
    form.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        if (el.hasAttribute(attr)) { el.setAttribute(attr, el.getAttribute(attr).replace("__prefix__", index)); }
      });
    });
    button.before(form);
    total.value = index + 1;
    button.hidden = max !== null && index + 1 >= parseInt(max.value, 10);
  });
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
  // Drafts of drafts.js kept on this device and never sent, by the forms' data-draft-key: zhanpu-visit-draft-<child>-
  // <user> and zhanpu-call-draft-<user>. Returns [{key, child}] of `user`'s (child: null for a call).
  function draftsOf(user) {
    var found = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        var visit = /^zhanpu-visit-draft-(\d+)-(\d+)$/.exec(key);
        if (visit && visit[2] === user) {
          found.push({key: key, child: visit[1]});
        } else if (key === "zhanpu-call-draft-" + user) {
          found.push({key: key, child: null});
        }
      }
    } catch (e) { /* storage off: nothing kept */ }
    return found;
  }
  // The home page lists them, each linked to its form (only the forms this user's roles may open).
  var pending = document.getElementById("pending-drafts");
  if (pending) {
    var list = pending.querySelector("[data-links]");
    var shown = 0;
    draftsOf(pending.getAttribute("data-user")).forEach(function (draft) {
      var kind = draft.child ? "visit" : "call";
      if (!pending.hasAttribute("data-" + kind + "-url")) { return; }
      var link = document.createElement("a");
      link.className = "alert-link me-3";
      link.href = pending.getAttribute("data-" + kind + "-url").replace("/0/", "/" + draft.child + "/");
      link.textContent = pending.getAttribute("data-" + kind + "-label").replace("{pk}", draft.child);
      list.appendChild(link);
      shown++;
    });
    pending.classList.toggle("d-none", shown === 0);
  }
  // Signing out takes the user's unsent drafts off this device (minors' data must not stay on a shared phone or
  // desk), after asking: cancelling keeps both the session and the drafts. It is sent with the current token (this
  // page's may be stale); when the user is signed out already, reloading the page leads to the login page.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-signout]");
    if (!form) { return; }
    event.preventDefault();
    var drafts = draftsOf(form.getAttribute("data-user"));
    if (drafts.length && !window.confirm(form.getAttribute("data-drafts-confirm").replace("{n}", drafts.length))) {
      return;
    }
    drafts.forEach(function (draft) {
      try { window.localStorage.removeItem(draft.key); } catch (e) { /* ignore */ }
    });
    refreshToken().then(function (token) {
      if (token === null) { window.location.reload(); } else { form.submit(); }
    }, function () { form.submit(); });
  });
  // A child's file on paper leaves the portal: every printing of it, by the page's button or the browser's own
  // (Ctrl+P, the menu), is logged (audit:child_printed) as it starts.
  window.addEventListener("beforeprint", function () {
    var marker = document.querySelector("[data-print-log]");
    if (!marker || !navigator.sendBeacon) {
      return;
    }
    var body = new FormData();
    body.append("csrfmiddlewaretoken", JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]);
    navigator.sendBeacon(marker.getAttribute("data-print-log"), body);
  });
  // Print buttons (the monthly report, a child's file): the print stylesheet lays the page out on A4.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
