// The agenda page's only script, a nicety: copy buttons beside each calendar address.
// Without JavaScript the buttons stay hidden and the address can be selected by hand.
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");
  function copied(button, text) {
    var label = button.textContent;
    button.textContent = text;
    window.setTimeout(function () { button.textContent = label; }, 2000);
  }
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) { return; }
    button.hidden = false;
    button.setAttribute("aria-live", "polite");
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(
          function () { copied(button, "Copied"); },
          function () { input.select(); copied(button, "Press Ctrl+C"); }
        );
      } else {
        input.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        copied(button, ok ? "Copied" : "Press Ctrl+C");
      }
    });
  });
}());
