// A page that comes back with an error (a refused registration, a form to correct) takes the reader to the
// message: focus moves there, so screen readers announce it and a phone shows it instead of the page's top.
document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (!summary) return;
    if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
    summary.focus();
});
