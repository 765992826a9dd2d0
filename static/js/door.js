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
    const LIST_EVERY_MS = 60000;
    // The answer stays on screen this long before the camera reads again (the same ticket then says "already").
    const PAUSE_AFTER_ANSWER_MS = 2500;
    const SCAN_EVERY_MS = 150;
    // Larger frames only slow the reading down: a ticket's QR code has 25 modules.
    const MAX_FRAME_WIDTH = 640;
    // As many people as the server's search lists (DOOR_SEARCH_LIMIT).
    const SEARCH_LIMIT = 20;

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
            .then((counts) => {
                if (offline) {  // the connection came back without an "online" event (a Wi-Fi that hung)
                    backOnline();
                }
                if (counts && !waiting().length) {  // else the local count of check-ins not yet sent stays
                    showCounts(counts);
                }
            })
            .catch(() => goneOffline());  // the last count stays until the next try
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

    function fill(text, values) {
        // A function, not a string, as the replacement: a name may hold "$&", which replace() would expand.
        return Object.entries(values).reduce((filled, [name, value]) => filled.replace(`%(${name})s`, () => value),
                                             text);
    }

    // --- without a connection ---------------------------------------------------------------------------------
    // The event's confirmed list (loaded with the page, again every minute and after each sending) answers scans
    // and searches while there is no connection; check-ins made then wait in localStorage, which outlives a
    // reload, and are sent with the time of the scan when the connection is back (the server keeps the earliest).
    const queueKey = `door-check-ins-${root.dataset.event}`;
    const connection = document.getElementById("door-connection");
    const syncRefused = document.getElementById("door-sync-refused");
    const clock = new Intl.DateTimeFormat("en-GB", {hour: "2-digit", minute: "2-digit", hourCycle: "h23",
                                                    timeZone: root.dataset.timeZone});
    let list = null;
    let offline = !navigator.onLine;
    let sending = false;

    function waiting() {
        try {
            return JSON.parse(window.localStorage.getItem(queueKey)) || [];
        } catch (error) {
            return [];
        }
    }

    function keepWaiting(items) {
        window.localStorage.setItem(queueKey, JSON.stringify(items));
        showConnection();
    }

    function showConnection() {
        const count = waiting().length;
        connection.textContent = offline ? fill(texts.offline_waiting, {count})
            : count ? fill(texts.sending, {count}) : "";
    }

    function keepList(loaded) {
        list = {
            byCode: new Map(loaded.people.map((person) => [person.code, person])),
            byRegistration: new Map(loaded.people.map((person) => [person.registration, person])),
            people: loaded.people,
            refused: loaded.refused,
        };
        // Check-ins still waiting to be sent are not in the server's list yet.
        waiting().forEach((item) => {
            const person = list.byRegistration.get(item.registration);
            if (person && !person.checked_in_at) {
                person.checked_in_at = item.at;
            }
        });
        showCounts(loaded.counts);
    }

    function loadList() {
        return fetch(root.dataset.listUrl, {credentials: "same-origin", headers: ajax})
            .then((response) => (response.ok ? response.json() : null))
            .then((loaded) => loaded && keepList(loaded))
            .catch(() => {});
    }

    function goneOffline() {
        offline = true;
        showConnection();
    }

    function backOnline() {
        offline = false;
        showConnection();
        sendWaiting();
    }

    // Codes are compared as the server reads them (lms/codes.py): no spaces or hyphens, upper case, O/I/L as 0/1/1.
    function compactCode(typed) {
        return typed.replace(/[\s-]/g, "").toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
    }

    // As lms/search_words.py without_diacritics, then lower case: "Żółkiewska" -> "zolkiewska".
    function folded(text) {
        return text.replace(/ł/g, "l").replace(/Ł/g, "L").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    }

    // Names one queued check-in in the server's answer; unique enough on one phone.
    function newKey() {
        return `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    }

    function checkInOffline(fields) {
        if (!list) {
            showAnswer("refused", texts.no_list, null);
            return;
        }
        const now = new Date().toISOString();
        let person;
        if (fields.registration) {
            person = list.byRegistration.get(fields.registration);
        } else {
            const code = compactCode(fields.code);
            if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(code)) {
                showAnswer("refused", texts.malformed, null);
                return;
            }
            person = list.byCode.get(code);
            if (!person) {
                if (list.refused[code]) {
                    showAnswer("refused", list.refused[code], null);
                } else {  // forged, another event's, or registered since the list was loaded: the server decides
                    keepWaiting([...waiting(), {key: newKey(), code, at: now}]);
                    showAnswer("refused", texts.unknown_offline, null);
                }
                return;
            }
        }
        if (person.checked_in_at) {
            const time = clock.format(new Date(person.checked_in_at));
            showAnswer("already", fill(texts.already, {who: person.name, time}), person);
        } else if (!person.can_check_in) {
            showAnswer("refused", texts.corrected, person);
        } else {
            person.checked_in_at = now;
            keepWaiting([...waiting(), {key: newKey(), registration: person.registration, at: now}]);
            showAnswer("checked_in", fill(texts.checked_in, {who: person.name}), person);
            const present = document.getElementById("door-present");
            present.textContent = Number(present.textContent) + 1;
        }
    }

    function showSyncRefused(answers) {
        const refused = answers.filter((answer) => answer.outcome === "refused");
        refused.forEach((answer) => syncRefused.querySelector("ul").append(
            element("li", "", answer.person ? `${answer.person.name}: ${answer.message}` : answer.message)));
        if (refused.length) {
            syncRefused.hidden = false;
        }
    }

    function sendWaiting() {
        const items = waiting();
        if (offline || sending || !items.length) {
            return;
        }
        sending = true;
        fetch(root.dataset.syncUrl, {
            method: "POST", body: JSON.stringify({check_ins: items}), credentials: "same-origin",
            headers: {...ajax, "Content-Type": "application/json", "X-CSRFToken": csrfToken},
        })
            .then((response) => {
                if (response.status === 403) {
                    connection.textContent = texts.forbidden;
                    return null;
                }
                return response.ok ? response.json() : null;
            })
            .then((answered) => {
                if (!answered) {
                    return;
                }
                const done = new Set(answered.answers.map((answer) => answer.key));
                keepWaiting(waiting().filter((item) => !done.has(item.key)));  // scans made while sending stay
                showSyncRefused(answered.answers);
                showCounts(answered.counts);
                return loadList();
            })
            .catch(goneOffline)
            .finally(() => {
                sending = false;
            });
    }

    window.addEventListener("offline", goneOffline);
    window.addEventListener("online", backOnline);

    function checkIn(fields) {
        if (offline) {
            checkInOffline(fields);
            return Promise.resolve();
        }
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
                    const person = answer.person && list && list.byRegistration.get(answer.person.registration);
                    if (person && answer.checked_in_at) {
                        person.checked_in_at = answer.checked_in_at;
                    }
                });
            })
            .catch(() => {  // the connection dropped without the phone noticing: the list answers
                goneOffline();
                checkInOffline(fields);
            });
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

    function searchOffline(typed) {
        if (!list) {
            showAnswer("refused", texts.no_list, null);
            return;
        }
        const words = folded(typed).split(/\s+/).filter(Boolean);
        listPeople(list.people.filter((person) => words.every((word) => person.search.includes(word)))
            .slice(0, SEARCH_LIMIT)
            .map((person) => ({...person, checked_in: Boolean(person.checked_in_at)})));
    }

    document.getElementById("door-search-form").addEventListener("submit", (submitted) => {
        submitted.preventDefault();
        const typed = document.getElementById("door-search").value;
        if (offline) {
            searchOffline(typed);
            return;
        }
        const query = new URLSearchParams({q: typed});
        fetch(`${root.dataset.searchUrl}?${query}`, {credentials: "same-origin", headers: ajax})
            .then((response) => response.json())
            .then((answer) => listPeople(answer.people))
            .catch(() => {
                goneOffline();
                searchOffline(typed);
            });
    });

    window.setInterval(() => {
        refreshCounts();
        sendWaiting();
    }, COUNTS_EVERY_MS);
    // People registered since (a walk-in at another door) are then known here too when the connection drops.
    window.setInterval(() => offline || loadList(), LIST_EVERY_MS);
    showConnection();
    loadList().then(sendWaiting);
    startCamera();
}());
