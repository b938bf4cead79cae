// Check-in at the door: where the browser can read QR codes (BarcodeDetector), a button opens the
// camera and fills in the registration number; typing the number always works.
(function () {
  "use strict";
  var button = document.getElementById("scan-button");
  if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var input = document.getElementById(button.dataset.target);
  var box = document.getElementById("scanner");
  var video = document.getElementById("scanner-video");
  button.classList.remove("d-none");
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      box.classList.remove("d-none");
      video.srcObject = stream;
      video.play();
      var stop = function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        box.classList.add("d-none");
      };
      var look = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stop();
            input.value = codes[0].rawValue;
            input.form.submit();
          } else {
            window.requestAnimationFrame(look);
          }
        }).catch(stop);
      };
      look();
    }).catch(function () { input.focus(); });
  });
})();
