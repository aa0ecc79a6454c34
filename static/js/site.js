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

  // A form that creates something is sent once: right after the first click its submit buttons are
  // disabled (after the browser has taken the clicked button's value). The server refuses a second post of
  // the form's one-time token anyway (once.services); this only spares the second request.
  function onceButtons(form) {
    return form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.matches || !form.matches("form[data-once]")) {
      return;
    }
    window.setTimeout(function () {
      onceButtons(form).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
    }, 0);
  });
  function onceRelease(form) {
    onceButtons(form).forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  }
  // Back to a page from the browser's cache, or an HTMX form that got its answer: usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-once]").forEach(onceRelease);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target && event.target.closest && event.target.closest("form[data-once]");
    if (form) {
      onceRelease(form);
    }
  });

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
