// A page that comes back with an error (a refused registration, a form to correct) takes the reader to the
// message: focus moves there, so screen readers announce it and a phone shows it instead of the page's top.
document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (!summary) return;
    if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
    summary.focus();
});

// On a phone the listing's filters fold behind a "Filters" button (with the number of filters in use), so the
// results come first. Without JavaScript, or when the form comes back with an error, the filters stay open.
document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("filters");
    var toggle = document.querySelector(".filters-toggle");
    if (!form || !toggle) return;
    var button = toggle.querySelector("button");
    var narrow = window.matchMedia("(max-width: 40rem)");
    var inUse = Array.prototype.filter.call(form.elements, function (field) {
        if (!field.name || field.type === "submit" || field.type === "button") return false;
        if (field.type === "checkbox" || field.type === "radio") return field.checked;
        return field.value !== "";
    });
    var names = {};
    inUse.forEach(function (field) { names[field.name] = true; });
    var count = Object.keys(names).length;
    toggle.querySelector(".filters-toggle__count").textContent = count ? " (" + count + ")" : "";

    function show(open) {
        form.hidden = !open;
        button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    function fit() {
        toggle.hidden = !narrow.matches;
        show(!narrow.matches || form.querySelector(".error-summary") !== null);
    }
    button.addEventListener("click", function () { show(form.hidden); });
    narrow.addEventListener("change", fit);
    fit();
});
