/* Check-in at the door: decode camera frames with jsQR, send each new code to the scan
   endpoint, show the answer and refresh the counts. Typed codes (or a USB scanner that
   types them) go the same way; without JavaScript the form posts the page. */
(function () {
  "use strict";

  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  var section = document.getElementById("checkin-scanner");
  if (!section) { return; }
  var video = document.getElementById("checkin-video");
  var frame = document.getElementById("checkin-video-frame");
  var status = document.getElementById("checkin-scanner-status");
  var startButton = document.getElementById("checkin-start");
  var stopButton = document.getElementById("checkin-stop");
  var typed = document.getElementById("checkin-typed");
  var result = document.getElementById("checkin-result");
  var token = typed.querySelector("input[name=csrfmiddlewaretoken]").value;
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var REPEAT_MS = 4000;   // the same code held in front of the camera is sent once
  var FRAME_MS = 120;     // about eight decodes a second is plenty and spares the battery
  var MAX_SIDE = 640;     // decode a downscaled frame: faster, still reads badge-sized codes
  var STORAGE_KEY = "korpu-checkin-camera";
  var stream = null;
  var timer = null;
  var busy = false;
  var lastCode = "";
  var lastSeen = 0;

  function text(id, value) { document.getElementById(id).textContent = value || ""; }

  function show(answer) {
    result.className = "card checkin-result checkin-result-" + answer.status;
    result.setAttribute("data-status", answer.status);
    text("checkin-result-label", answer.label);
    text("checkin-result-name", answer.name);
    text("checkin-result-message", answer.message);
    if (navigator.vibrate) { navigator.vibrate(answer.status === "ok" ? 80 : [80, 60, 80]); }
    document.body.dispatchEvent(new CustomEvent("korpu:scanned"));
  }

  function send(code) {
    busy = true;
    var body = new FormData();
    body.append("code", code);
    body.append("session", section.getAttribute("data-session"));
    return fetch(section.getAttribute("data-scan-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" }
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(show)
      .catch(function () {
        lastCode = "";
        show({ status: "invalid", label: "", name: "", message: section.getAttribute("data-message-failed") });
      })
      .then(function () { busy = false; });
  }

  typed.addEventListener("submit", function (event) {
    var input = typed.querySelector("input[name=code]");
    var code = input.value.trim();
    if (!code) { return; }
    event.preventDefault();
    send(code).then(function () { input.value = ""; input.focus(); });
  });

  section.hidden = false;
  if (!window.jsQR || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    status.textContent = section.getAttribute(window.isSecureContext ? "data-message-denied" : "data-message-insecure");
    startButton.hidden = true;
    return;
  }
  status.textContent = section.getAttribute("data-message-scanning");

  function tick() {
    if (!stream) { return; }
    if (!busy && video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth) {
      var scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
      var width = Math.round(video.videoWidth * scale);
      var height = Math.round(video.videoHeight * scale);
      canvas.width = width;
      canvas.height = height;
      context.drawImage(video, 0, 0, width, height);
      var found = window.jsQR(context.getImageData(0, 0, width, height).data, width, height,
        { inversionAttempts: "dontInvert" });
      if (found && found.data) {
        var now = Date.now();
        var code = found.data.trim();
        if (code !== lastCode || now - lastSeen > REPEAT_MS) {
          lastCode = code;
          send(code);
        }
        lastSeen = now;
      }
    }
    timer = window.setTimeout(tick, FRAME_MS);
  }

  function stop() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.srcObject = null;
    frame.hidden = true;
    window.clearTimeout(timer);
    startButton.hidden = false;
    stopButton.hidden = true;
  }

  function start() {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        frame.hidden = false;
        video.srcObject = media;
        return video.play();
      })
      .then(function () {
        startButton.hidden = true;
        stopButton.hidden = false;
        status.textContent = section.getAttribute("data-message-scanning");
        window.sessionStorage.setItem(STORAGE_KEY, "on");
        tick();
      })
      .catch(function () {
        stop();
        status.textContent = section.getAttribute("data-message-denied");
      });
  }

  startButton.addEventListener("click", start);
  stopButton.addEventListener("click", function () {
    window.sessionStorage.removeItem(STORAGE_KEY);
    stop();
  });
  window.addEventListener("pagehide", stop);
  // Switching between entrance and sessions reloads the page: keep the camera on.
  if (window.sessionStorage.getItem(STORAGE_KEY) === "on") { start(); }
}());
