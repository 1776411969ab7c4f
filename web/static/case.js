// The case page refreshes itself when the case changes: it polls a small JSON endpoint for the
// last recorded event number and, when it grew, fetches the page again and swaps the content.
// A form the user is typing into is never thrown away: then a banner offers the refresh instead.
(function () {
  "use strict";
  var root = document.getElementById("case");
  if (!root) { return; }
  var number = root.dataset.case;
  var pageUrl = "/cases/" + encodeURIComponent(number);
  var seen = parseInt(root.dataset.lastSeq || "0", 10);
  var dirty = false;
  // After a form post the address is the command's; make a reload a plain GET of the case.
  if (window.location.pathname !== pageUrl) {
    window.history.replaceState(null, "", pageUrl + window.location.hash);
  }
  function openFromHash() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView(); }
  }
  openFromHash();
  document.addEventListener("input", function (e) {
    if (e.target.closest && e.target.closest("#actions form")) { dirty = true; }
  });
  document.addEventListener("submit", function () { dirty = false; });

  function swap() {
    return fetch(pageUrl, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { return; }
      return r.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        ["live", "actions"].forEach(function (id) {
          var fresh = doc.getElementById(id), old = document.getElementById(id);
          if (fresh && old) { old.replaceWith(fresh); }
        });
        var freshRoot = doc.getElementById("case");
        if (freshRoot) { seen = parseInt(freshRoot.dataset.lastSeq || "0", 10); root.dataset.lastSeq = String(seen); }
        document.getElementById("stale").hidden = true;
        dirty = false;
      });
    });
  }
  document.getElementById("reload").addEventListener("click", swap);

  function poll() {
    fetch("/api/cases/" + encodeURIComponent(number) + "/version", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (v) {
        if (v && v.last_seq > seen) {
          if (dirty) { document.getElementById("stale").hidden = false; } else { return swap(); }
        }
      })
      .catch(function () { /* offline for a moment: try again next round */ })
      .then(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 3000);
})();
