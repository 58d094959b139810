// The portal's one script, served as a file so the Content-Security-Policy needs no inline code.
// Choosing a language submits its form at once (the form has a button for those without scripts).
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-submit-on-change]")) {
    event.target.form.submit();
  }
});
// The on-behalf form: choosing a draft shows its articles at once (the page's button does it without scripts).
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches("select[data-show-articles]")) {
    var button = document.getElementById(target.getAttribute("data-show-articles"));
    if (button) {
      button.click();
    }
  }
});
// The library's larger view is a :target overlay (it works without scripts); Escape closes it like its Close link,
// and focus goes back to the picture's tile.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") {
    return;
  }
  var open = document.querySelector(".lightbox:target");
  var close = open && open.querySelector("a.lightbox-backdrop");
  if (close) {
    close.click();
    var tile = document.querySelector(close.getAttribute("href"));
    if (tile) {
      tile.focus();
    }
  }
});
