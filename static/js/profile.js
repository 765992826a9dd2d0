// Show only the details that belong to the chosen audience. Without JavaScript every section stays visible.
(function () {
    var form = document.querySelector(".profile-form");
    if (!form) return;
    var radios = form.querySelectorAll("input[name='audience']");
    var sections = form.querySelectorAll(".audience-fields");
    function update() {
        var chosen = form.querySelector("input[name='audience']:checked");
        var value = chosen ? chosen.value : "";
        sections.forEach(function (section) {
            section.hidden = section.getAttribute("data-audience") !== value;
        });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
})();
