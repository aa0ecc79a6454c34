// The KCC console's keyboard shortcuts and focus handling. Progressive enhancement only:
// without this file every form still posts and every section is reachable with Tab.
(function () {
  "use strict";

  function focusIn(section) {
    var target = section.querySelector("[data-kcc-focus]") ||
      section.querySelector("input:not([type=hidden]), select, textarea, button, a[href]");
    // The section starts with a group of radios (the route, the outcome): the chosen one, if any, as a keyboard
    // user expects (forms/field.html writes no focus marker).
    if (target && target.type === "radio" && !target.checked && target.form) {
      var chosen = target.form.querySelector('input[type=radio][name="' + target.name + '"]:checked');
      target = chosen || target;
    }
    if (target) {
      target.focus();
      return true;
    }
    return false;
  }

  // Alt+Shift+<letter>: go to a section (or follow a link) marked with data-shortcut(-section).
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var section = document.querySelector('[data-shortcut-section="' + event.code + '"]');
    if (section) {
      event.preventDefault();
      section.scrollIntoView({ block: "start" });
      focusIn(section);
      return;
    }
    var element = document.querySelector('[data-shortcut="' + event.code + '"]');
    if (element) {
      event.preventDefault();
      // A link is followed and a button pressed (Alt+Shift+N starts the contact with the chosen channel).
      if (element.tagName === "A" || element.tagName === "BUTTON") {
        element.click();
      } else {
        element.focus();
      }
    }
  });

  // Enter on a radio button or checkbox saves its form, as it does in a text field.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    if (target && target.form && (target.type === "radio" || target.type === "checkbox") && target.closest(".kcc-section")) {
      event.preventDefault();
      target.form.requestSubmit();
    }
  });

  // HTMX: show the form again with its errors (400) instead of ignoring the answer.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After a section was swapped: the error summary if there is one, else where the agent types next.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target || !target.classList || !target.classList.contains("kcc-section")) {
      return;
    }
    var section = document.getElementById(target.id) || target;
    var active = document.activeElement;
    // The agent may already have moved on (a shortcut pressed while the answer was on its way).
    if (active && active !== document.body && !section.contains(active)) {
      return;
    }
    var problem = section.querySelector("[data-autofocus]");
    if (problem) {
      problem.focus();
    } else {
      focusIn(section);
    }
  });

  // After a redirect to #section: the focus lands in that section (unless an error summary took it).
  // The browser moves the focus to the fragment's target after loading, so this runs once that is done.
  function focusFragment() {
    if (document.querySelector("[data-autofocus]") || !window.location.hash) {
      return;
    }
    var section = document.getElementById(window.location.hash.slice(1));
    if (section && section.classList.contains("kcc-section") && !section.contains(document.activeElement)) {
      focusIn(section);
    }
  }
  window.addEventListener("load", function () {
    window.setTimeout(focusFragment, 0);
  });
})();
