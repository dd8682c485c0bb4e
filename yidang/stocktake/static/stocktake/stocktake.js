/* The stocktake scan box: a USB scanner types the code and Enter; the phone camera reads QR labels.
 * Each code is sent once, in order (one request after the other), and the box is cleared at once,
 * so a fast scanner's next code never runs into the previous one. */
(function () {
  "use strict";
  const form = document.getElementById("scan-form");
  if (!form) return;
  const input = document.getElementById("scan-code");
  const url = form.getAttribute("action");
  let chain = Promise.resolve();

  function send(code) {
    code = code.trim();
    if (!code) return;
    chain = chain.then(function () {
      return htmx.ajax("POST", url, { target: "#live", swap: "outerHTML", values: { code: code } });
    }).catch(function () {});
  }

  form.addEventListener("submit", function (event) {
    if (typeof htmx === "undefined") return; // plain POST still works
    event.preventDefault();
    const code = input.value;
    input.value = "";
    input.focus();
    send(code);
  });

  // ---- the camera -------------------------------------------------------------------------------
  const toggle = document.getElementById("camera-toggle");
  const box = document.getElementById("camera");
  const video = document.getElementById("camera-video");
  const canvas = document.getElementById("camera-canvas");
  const hasCamera = !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  const detector = "BarcodeDetector" in window ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
  if (!toggle || !hasCamera || (!detector && typeof window.jsQR !== "function")) return;
  toggle.hidden = false;
  let stream = null;
  let last = { code: "", at: 0 };

  function found(code) {
    const now = Date.now();
    if (code === last.code && now - last.at < 3000) return; // the same label still in view
    last = { code: code, at: now };
    if (navigator.vibrate) navigator.vibrate(60);
    send(code);
  }

  async function readFrame() {
    if (!stream) return;
    try {
      if (video.readyState >= 2) {
        if (detector) {
          const codes = await detector.detect(video);
          if (codes.length) found(codes[0].rawValue);
        } else {
          const w = video.videoWidth, h = video.videoHeight;
          canvas.width = w; canvas.height = h;
          const ctx = canvas.getContext("2d", { willReadFrequently: true });
          ctx.drawImage(video, 0, 0, w, h);
          const result = window.jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: "dontInvert" });
          if (result && result.data) found(result.data);
        }
      }
    } catch (e) { /* a frame that cannot be read: try the next one */ }
    setTimeout(readFrame, 200);
  }

  async function start() {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (e) {
      alert(toggle.dataset.denied || e.message);
      return;
    }
    video.srcObject = stream;
    await video.play();
    box.hidden = false;
    toggle.textContent = toggle.dataset.stop;
    readFrame();
  }

  function stop() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    box.hidden = true;
    toggle.textContent = toggle.dataset.start;
  }

  toggle.addEventListener("click", function () { if (stream) stop(); else start(); });
  window.addEventListener("pagehide", stop);
})();
