/* The check-in page for a phone at the door (templates/events/admin/door.html).
   The camera's frames are drawn into a canvas and read by zxing-wasm (ZXingWASM, from our static files); a QR
   code found is sent to the server, which checks the person in and answers what to show. Typing the code or
   searching a name does the same without the camera, which the phone may refuse. */
(function () {
    "use strict";

    const root = document.getElementById("door");
    if (!root) {
        return;
    }
    const texts = JSON.parse(document.getElementById("door-texts").textContent);
    const csrfToken = root.querySelector("[name=csrfmiddlewaretoken]").value;
    const result = document.getElementById("door-result");
    const video = document.getElementById("door-video");
    const cameraStatus = document.getElementById("door-camera-status");
    const cameraToggle = document.getElementById("door-camera-toggle");
    const people = document.getElementById("door-people");
    // Wagtail answers a lost session or a missing right with 403 to these, not with a redirect to a page.
    const ajax = {"X-Requested-With": "XMLHttpRequest"};

    // The count of other phones' check-ins too; each answer of our own updates it at once.
    const COUNTS_EVERY_MS = 15000;
    // The answer stays on screen this long before the camera reads again (the same ticket then says "already").
    const PAUSE_AFTER_ANSWER_MS = 2500;
    const SCAN_EVERY_MS = 150;
    // Larger frames only slow the reading down: a ticket's QR code has 25 modules.
    const MAX_FRAME_WIDTH = 640;

    function element(tag, className, text) {
        const node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    function showCounts(counts) {
        document.getElementById("door-present").textContent = counts.present;
        document.getElementById("door-confirmed").textContent = counts.confirmed;
    }

    function refreshCounts() {
        fetch(root.dataset.countsUrl, {credentials: "same-origin", headers: ajax})
            .then((response) => (response.ok ? response.json() : null))
            .then((counts) => counts && showCounts(counts))
            .catch(() => {});  // offline: the last count stays until the next try
    }

    function showAnswer(outcome, message, person) {
        result.className = `door-result door-result--${outcome}`;
        result.querySelector(".door-result__message").textContent = message;
        result.querySelector(".door-result__name").textContent = person ? person.name : "";
        result.querySelector(".door-result__audience").textContent =
            person && person.audience ? `${texts.audience}: ${person.audience}` : "";
        const needs = result.querySelector(".door-result__needs");
        needs.replaceChildren();
        if (person) {
            const items = person.access_needs.length ? person.access_needs : [texts.no_access_needs];
            items.forEach((need) => needs.append(element("li", "", need)));
            needs.setAttribute("aria-label", texts.access_needs);
        }
    }

    function checkIn(fields) {
        const body = new FormData();
        Object.entries(fields).forEach(([name, value]) => body.append(name, value));
        return fetch(root.dataset.checkInUrl, {
            method: "POST", body, credentials: "same-origin", headers: {...ajax, "X-CSRFToken": csrfToken},
        })
            .then((response) => {
                if (response.status === 403) {  // signed out on this phone, or the right was taken away
                    showAnswer("refused", texts.forbidden, null);
                    return;
                }
                return response.json().then((answer) => {
                    showAnswer(answer.outcome, answer.message, answer.person);
                    showCounts(answer.counts);
                });
            })
            .catch(() => showAnswer("refused", texts.offline, null));
    }

    // --- the camera ---------------------------------------------------------------------------------------
    let stream = null;
    let pausedUntil = 0;
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", {willReadFrequently: true});

    window.ZXingWASM.prepareZXingModule({
        overrides: {locateFile: (path, prefix) => (path.endsWith(".wasm") ? root.dataset.wasmUrl : prefix + path)},
    });

    function setCamera(on, status) {
        cameraStatus.textContent = status;
        cameraToggle.textContent = on ? texts.stop_camera : texts.start_camera;
    }

    async function readFrame() {
        const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth);
        canvas.width = Math.round(video.videoWidth * scale);
        canvas.height = Math.round(video.videoHeight * scale);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const found = await window.ZXingWASM.readBarcodes(image, {formats: ["QRCode"], maxNumberOfSymbols: 1});
        return found.length && found[0].isValid ? found[0].text : "";
    }

    async function scan() {
        if (!stream) {
            return;
        }
        if (Date.now() >= pausedUntil && video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth) {
            try {
                const code = await readFrame();
                if (code) {
                    await checkIn({code});
                    pausedUntil = Date.now() + PAUSE_AFTER_ANSWER_MS;
                }
            } catch (error) {
                setCamera(false, texts.camera_refused);
                stopCamera();
                return;
            }
        }
        window.setTimeout(scan, SCAN_EVERY_MS);
    }

    async function startCamera() {
        if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
            setCamera(false, texts.camera_refused);
            return;
        }
        setCamera(false, texts.camera_starting);
        try {
            stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false});
            video.srcObject = stream;
            await video.play();
        } catch (error) {
            stopCamera();
            setCamera(false, texts.camera_refused);
            return;
        }
        setCamera(true, texts.camera_on);
        scan();
    }

    function stopCamera() {
        if (stream) {
            stream.getTracks().forEach((track) => track.stop());
        }
        stream = null;
        video.srcObject = null;
    }

    cameraToggle.addEventListener("click", () => {
        if (stream) {
            stopCamera();
            setCamera(false, texts.camera_off);
        } else {
            startCamera();
        }
    });

    // --- typing the code, searching a name --------------------------------------------------------------------
    document.getElementById("door-code-form").addEventListener("submit", (submitted) => {
        submitted.preventDefault();
        const field = document.getElementById("door-code");
        checkIn({code: field.value}).then(() => field.select());
    });

    function listPeople(found) {
        people.replaceChildren();
        if (!found.length) {
            people.append(element("li", "", texts.nobody));
            return;
        }
        found.forEach((person) => {
            const item = element("li");
            item.append(element("p", "door-people__name", person.name));
            if (person.access_needs.length) {
                item.append(element("p", "", `${texts.access_needs}: ${person.access_needs.join("; ")}`));
            }
            if (person.can_check_in || person.checked_in) {
                const button = element("button", "door-button", texts.check_in);
                button.type = "button";
                button.append(element("span", "door-sr-only", ` ${person.name}`));
                button.addEventListener("click", () => checkIn({registration: person.registration}));
                item.append(button);
            }
            people.append(item);
        });
    }

    document.getElementById("door-search-form").addEventListener("submit", (submitted) => {
        submitted.preventDefault();
        const query = new URLSearchParams({q: document.getElementById("door-search").value});
        fetch(`${root.dataset.searchUrl}?${query}`, {credentials: "same-origin", headers: ajax})
            .then((response) => response.json())
            .then((answer) => listPeople(answer.people))
            .catch(() => showAnswer("refused", texts.offline, null));
    });

    window.setInterval(refreshCounts, COUNTS_EVERY_MS);
    startCamera();
}());
