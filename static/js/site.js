// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  function focusFirstProblem() {
    // Move focus to an error summary (or other marked element) so screen readers announce it.
    var target = document.querySelector("[data-autofocus]");
    if (target) { target.focus(); }
  }
  document.addEventListener("DOMContentLoaded", focusFirstProblem);
  document.addEventListener("htmx:afterSettle", focusFirstProblem);
})();
