// The catalogue editors' area. Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // While an editor types a rule, HTMX replaces the check below the field. site.js moves the
  // focus to the error summary after every HTMX swap; here that would pull the cursor out of
  // the field being typed in, so the swap of a rule check is not passed on to it.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".rule-check").forEach(function (check) {
      check.addEventListener("htmx:afterSettle", function (event) { event.stopPropagation(); });
    });
  });
})();
