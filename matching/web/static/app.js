// The workbench's few behaviours, without a build step: reading a match aloud.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-speak]");
    if (!button || !("speechSynthesis" in window)) return;
    window.speechSynthesis.cancel();
    var utterance = new SpeechSynthesisUtterance(button.getAttribute("data-speak"));
    utterance.lang = button.getAttribute("data-lang") || "zh-CN";
    utterance.rate = 0.9;
    window.speechSynthesis.speak(utterance);
  });
})();
