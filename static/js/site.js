// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // After a page load with errors, or after HTMX swapped the main content, put the focus where a
  // screen-reader or keyboard user needs it: the error summary if there is one, else the page heading.
  function focusAfterChange(event) {
    // Only a page load or a swap of the whole main content moves the focus; a small partial
    // (e.g. a rule check while typing) leaves it where the user is.
    if (event && event.type === "htmx:afterSettle" && !(event.target && event.target.id === "main")) {
      return;
    }
    var problem = document.querySelector("[data-autofocus]");
    if (problem) {
      problem.focus();
      return;
    }
    if (event && event.type === "htmx:afterSettle") {
      var heading = document.querySelector("#main h1");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
    }
  }
  document.addEventListener("DOMContentLoaded", focusAfterChange);
  document.addEventListener("htmx:afterSettle", focusAfterChange);

  // /hulp/ and the KCC intake: choosing "today: it is a crisis" shows the emergency numbers at the top at once
  // (without JavaScript the numbers stand beside the choice, and the page shows them at the top after sending).
  function toggleEmergency(event) {
    var input = event.target;
    if (!input || !input.matches || !input.matches("[data-emergency-value]")) {
      return;
    }
    var block = document.getElementById("emergency-top");
    if (!block) {
      return;
    }
    var chosen = input.tagName === "SELECT" ? input : document.querySelector("input[data-emergency-value]:checked");
    block.hidden = !(chosen && chosen.value === chosen.getAttribute("data-emergency-value"));
  }
  document.addEventListener("change", toggleEmergency);
})();
