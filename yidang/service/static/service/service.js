/* The service desk's pages: the owner's signature pad, the register form's household picker and
   kind-dependent choices, and letting htmx show a refused step (a 400 panel) instead of dropping it. */
(function () {
  "use strict";

  // A refused step answers 400 with the ticket's panel and the form's error: swap it in like a success.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr.status === 400 && target && target.id === "ticket-panel") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // ---- signature pad: drawn with a finger or the mouse, kept as a PNG data URL in the form ----------
  function signaturePad(canvas) {
    canvas.dataset.ready = "1";
    var form = canvas.closest("form");
    var input = form.querySelector("[data-signature-value]");
    var context = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    var last = null;

    function blank() {
      var ratio = window.devicePixelRatio || 1;
      var box = canvas.getBoundingClientRect();
      canvas.width = Math.max(1, Math.round(box.width * ratio));
      canvas.height = Math.max(1, Math.round(box.height * ratio));
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.fillStyle = "#fff";
      context.fillRect(0, 0, box.width, box.height);
      context.lineWidth = 2.5;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#111";
      drawn = false;
      input.value = "";
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    }

    canvas.addEventListener("pointerdown", function (event) {
      if (canvas.width <= 1) blank();
      drawing = true;
      last = point(event);
      canvas.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var here = point(event);
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(here.x, here.y);
      context.stroke();
      last = here;
      drawn = true;
    });
    function finish() {
      if (!drawing) return;
      drawing = false;
      if (drawn) input.value = canvas.toDataURL("image/png");
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    form.querySelector("[data-signature-clear]").addEventListener("click", blank);
    var details = canvas.closest("details");
    if (details) details.addEventListener("toggle", function () { if (details.open && !drawn) blank(); });
    blank();
  }

  // ---- register form: categories and priorities that fit the chosen kind ------------------------------
  function kindChoices(form) {
    var radios = form.querySelectorAll("input[name=kind]");
    if (!radios.length || form.dataset.kindsReady) return;
    form.dataset.kindsReady = "1";
    function apply() {
      var checked = form.querySelector("input[name=kind]:checked");
      var kind = checked ? checked.value : "";
      form.querySelectorAll("select").forEach(function (select) {
        var options = select.querySelectorAll("option[data-kinds]");
        if (!options.length) return;
        var firstFit = null;
        options.forEach(function (option) {
          var fits = !kind || !option.value || option.dataset.kinds.split(",").indexOf(kind) >= 0;
          option.hidden = !fits;
          option.disabled = !fits;
          if (fits && option.value && !firstFit) firstFit = option;
        });
        var chosen = select.options[select.selectedIndex];
        if (chosen && chosen.disabled) select.value = select.querySelector("option[value='']") ? "" : (firstFit ? firstFit.value : "");
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", apply); });
    apply();
  }

  // ---- register form: picking a household from the search keeps what was already typed --------------
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-pick-room]");
    var form = document.getElementById("ticket-form");
    if (!link || !form) return;
    event.preventDefault();
    form.querySelector("[name=room]").value = link.dataset.pickRoom;
    var project = form.querySelector("[name=project]");
    if (project) project.value = link.dataset.project;
    var reporter = form.querySelector("[name=reporter_name]");
    if (reporter && (!reporter.value || reporter.dataset.prefilled)) {
      reporter.value = link.dataset.owner;
      reporter.dataset.prefilled = "1";
    }
    document.getElementById("picked-label").textContent = link.dataset.label;
    document.getElementById("picked").hidden = false;
    document.querySelector(".room-search").hidden = true;
    document.getElementById("room-results").innerHTML = "";
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest("#pick-again")) return;
    var form = document.getElementById("ticket-form");
    event.preventDefault();
    form.querySelector("[name=room]").value = "";
    document.getElementById("picked").hidden = true;
    document.querySelector(".room-search").hidden = false;
    document.getElementById("room-q").focus();
  });

  function init(root) {
    root.querySelectorAll("canvas[data-signature]:not([data-ready])").forEach(signaturePad);
    var form = document.getElementById("ticket-form");
    if (form) kindChoices(form);
  }
  init(document);
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();
