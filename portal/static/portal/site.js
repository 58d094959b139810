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
