// Fast entry of a paper answer sheet: in a question, a digit picks the nth answer and moves to the next
// question; Enter on the last one saves. Plain script, no dependencies.
(function () {
  "use strict";
  function questions(sheet) { return Array.prototype.slice.call(sheet.querySelectorAll("[data-question]")); }
  function focusQuestion(fieldset) {
    var target = fieldset.querySelector("input:checked") || fieldset.querySelector("input");
    if (target) target.focus();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var sheet = document.querySelector("[data-keyboard-sheet]");
    if (!sheet) return;
    var all = questions(sheet);
    var firstError = sheet.querySelector(".has-error [data-question]");
    if (firstError) focusQuestion(firstError); else if (all.length) focusQuestion(all[0]);
    sheet.addEventListener("keydown", function (event) {
      var fieldset = event.target.closest && event.target.closest("[data-question]");
      if (!fieldset || !/^[1-9]$/.test(event.key)) return;
      var radios = fieldset.querySelectorAll("input[type=radio]");
      var picked = radios[Number(event.key) - 1];
      if (!picked) return;
      event.preventDefault();
      picked.checked = true;
      var next = all[all.indexOf(fieldset) + 1];
      if (next) { focusQuestion(next); return; }
      var after = fieldset.closest("li").nextElementSibling;
      var field = after && after.querySelector("input, textarea");
      (field || document.getElementById("answer-save")).focus();
    });
  });
})();
