// The catalogue editors' area. Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // While an editor types a rule, HTMX replaces the check below the field. site.js moves the
  // focus to the error summary after every HTMX swap; here that would pull the cursor out of
  // the field being typed in, so the swap of a rule check is not passed on to it.
  // The rule builder is swapped in place too: the focus goes to the block just added (or to the
  // group a block was removed from, or the field just changed), never back to the top of the page.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".rule-check").forEach(function (check) {
      check.addEventListener("htmx:afterSettle", function (event) { event.stopPropagation(); });
    });
    // After a builder button was used without HTMX (a full page), the same block gets the focus.
    var first = document.querySelector("#rule-builder [data-rb-focus]");
    if (first && !document.querySelector(".error-summary")) { first.focus(); }
    document.querySelectorAll("form.editor-form").forEach(function (form) {
      form.addEventListener("htmx:afterSettle", function (event) {
        var builder = document.getElementById("rule-builder");
        if (!builder || !builder.contains(event.target) && event.target !== builder) { return; }
        event.stopPropagation();
        var target = builder.querySelector("[data-rb-focus]");
        if (target) { target.focus(); }
      });
    });
  });
})();
