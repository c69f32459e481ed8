// The profile form: show the fields of the chosen type, hide the translation section of
// the text's own language, count the summary's characters and the ticked keywords.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var form = document.querySelector("form[data-profile-form]");
    if (!form) return;

    function chosenType() {
      var checked = form.querySelector("input[name='type']:checked");
      return checked ? checked.value : "";
    }
    function showTypeFields() {
      var type = chosenType();
      form.querySelectorAll("[data-only-for]").forEach(function (el) {
        var types = el.getAttribute("data-only-for").split(" ");
        el.hidden = type !== "" && types.indexOf(type) === -1;
      });
    }
    function showTranslations() {
      var select = form.querySelector("select[name='language']");
      if (!select) return;
      form.querySelectorAll("[data-translation]").forEach(function (el) {
        el.hidden = el.getAttribute("data-translation") === select.value;
      });
      form.querySelectorAll("[data-original-language]").forEach(function (el) {
        var option = select.options[select.selectedIndex];
        el.textContent = option ? option.textContent : "";
      });
    }
    function counter(area) {
      var limit = parseInt(area.getAttribute("data-counter"), 10);
      var out = document.createElement("span");
      out.className = "mp-counter";
      out.setAttribute("aria-live", "polite");
      area.parentNode.insertBefore(out, area);
      function update() {
        var n = area.value.length;
        out.textContent = n + " / " + limit;
        out.classList.toggle("over", n > limit);
      }
      area.addEventListener("input", update);
      update();
    }
    function keywordCount(box) {
      var out = box.querySelector("[data-keyword-count]");
      var limit = parseInt(box.getAttribute("data-limit"), 10);
      function update() {
        var n = box.querySelectorAll("input[type='checkbox']:checked").length;
        out.textContent = out.getAttribute("data-template").replace("{n}", n).replace("{limit}", limit);
        out.classList.toggle("mp-counter", true);
        out.classList.toggle("over", n > limit);
      }
      box.addEventListener("change", update);
      update();
    }

    form.querySelectorAll("input[name='type']").forEach(function (input) {
      input.addEventListener("change", showTypeFields);
    });
    var language = form.querySelector("select[name='language']");
    if (language) language.addEventListener("change", showTranslations);
    form.querySelectorAll("textarea[data-counter]").forEach(counter);
    form.querySelectorAll("[data-keyword-box]").forEach(keywordCount);
    showTypeFields();
    showTranslations();
  });
})();
