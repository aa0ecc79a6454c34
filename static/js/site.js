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
  // The phone menu: without JavaScript "Menu" is a link that opens the menu as its target; here it becomes
  // a button that folds the menu open and shut and says which it is (aria-expanded).
  function menuToggle() {
    document.documentElement.classList.add("js");
    var toggle = document.querySelector("[data-menu-toggle]");
    var menu = document.getElementById("site-menu");
    if (!toggle || !menu) {
      return;
    }
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var open = menu.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        toggle.click();
      }
    });
  }
  document.addEventListener("DOMContentLoaded", menuToggle);
  document.addEventListener("DOMContentLoaded", focusAfterChange);
  document.addEventListener("htmx:afterSettle", focusAfterChange);
})();
