// Draws every chart on the page with the vega bundle served by the app (/static/vega.js).
// Each chart element gets data-rendered="true" once drawn (or "error"), and its Vega view is kept
// in window.dyadscopeViews[id] so the browser tests can read what was drawn.
(function () {
  "use strict";
  window.dyadscopeViews = {};
  const options = {renderer: "svg", actions: {export: true, source: false, compiled: false, editor: false}};

  function draw(element) {
    const id = element.dataset.figureId;
    const holder = document.querySelector('script.chart-spec[data-for="' + CSS.escape(id) + '"]');
    const spec = JSON.parse(holder.textContent);
    return vegaEmbed(element, spec, options).then(function (result) {
      window.dyadscopeViews[id] = result.view;
      element.dataset.rendered = "true";
    }).catch(function (error) {
      element.dataset.rendered = "error";
      element.textContent = "This chart could not be drawn: " + error.message;
    });
  }

  // The form's country selectors switch the pair as soon as one changes.
  const form = document.getElementById("switch-form");
  if (form) {
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { form.requestSubmit(); });
    });
  }

  document.querySelectorAll(".chart[data-figure-id]").forEach(draw);
})();
