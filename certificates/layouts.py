"""Starting layouts for certificate templates, one per language. Editors change them in the admin; these are
content, not interface strings, so they are written out per language rather than translated with gettext."""

_LAYOUT = """<div class="sheet">
  <div class="logos">{{{{ logos }}}}</div>
  <div class="content">
    <p class="kicker">{kicker}</p>
    <h1>{heading}</h1>
    <p class="lead">{certifies}</p>
    <p class="name">{{{{ participant_name }}}}</p>
    <p class="lead">{took_part}</p>
    <p class="title">{{{{ title }}}}</p>
    <p class="details">{{{{ dates }}}} · {hours}: {{{{ hours }}}}</p>
  </div>
  <div class="signatures">{{{{ signatures }}}}</div>
  <div class="verification">
    {{{{ qr_code }}}}
    <p>{number_label}: <strong>{{{{ number }}}}</strong><br>{issued_label}: {{{{ issued_on }}}}<br>
    {verify_label}:<br>{{{{ verification_url }}}}</p>
  </div>
</div>"""

LAYOUTS = {
    "pl": _LAYOUT.format(
        kicker="Wydział Spraw Cudzoziemców", heading="Zaświadczenie", certifies="Zaświadcza się, że",
        took_part="uczestniczył(a) w szkoleniu", hours="liczba godzin", number_label="Numer",
        issued_label="Data wydania", verify_label="Weryfikacja",
    ),
    "en": _LAYOUT.format(
        kicker="Foreigners' Department", heading="Certificate of attendance", certifies="This is to certify that",
        took_part="attended the training", hours="hours", number_label="Number", issued_label="Issued on",
        verify_label="Verify at",
    ),
    "uk": _LAYOUT.format(
        kicker="Відділ у справах іноземців", heading="Сертифікат", certifies="Цим засвідчується, що",
        took_part="взяв(ла) участь у навчанні", hours="кількість годин", number_label="Номер",
        issued_label="Дата видачі", verify_label="Перевірка",
    ),
    "ru": _LAYOUT.format(
        kicker="Отдел по делам иностранцев", heading="Сертификат", certifies="Настоящим удостоверяется, что",
        took_part="принял(а) участие в обучении", hours="количество часов", number_label="Номер",
        issued_label="Дата выдачи", verify_label="Проверка",
    ),
}
DEFAULT_LAYOUT = LAYOUTS["pl"]

# Sized for A4 landscape (297 × 210 mm). Positioned boxes and inline blocks rather than flexbox: WeasyPrint
# lays them out several times faster, which matters when a thousand certificates are issued at once.
DEFAULT_CSS = """body { color: #1d2a3a; }
.sheet { position: relative; height: 210mm; box-sizing: border-box; padding: 40mm 30mm 0; text-align: center; }
.logos { position: absolute; top: 14mm; left: 20mm; right: 20mm; height: 22mm; }
.logos img { height: 20mm; }
.logos img:first-child { float: left; }
.logos img:last-child { float: right; }
.kicker { font-size: 11pt; letter-spacing: 0.08em; text-transform: uppercase; margin: 0; }
h1 { font-size: 34pt; margin: 4mm 0 6mm; color: #123c69; }
.lead { font-size: 13pt; margin: 2mm 0; }
.name { font-size: 28pt; font-weight: bold; margin: 4mm 0; }
.title { font-size: 17pt; font-style: italic; margin: 3mm 0 4mm; }
.details { font-size: 12pt; margin: 0; }
.signatures { position: absolute; left: 20mm; bottom: 21mm; text-align: left; }
.signature { display: inline-block; vertical-align: bottom; width: 55mm; margin-right: 8mm; text-align: center;
             font-size: 10pt; }
.signature img { height: 16mm; display: block; margin: 0 auto 1mm; }
.signature .line { border-top: 0.3mm solid #1d2a3a; padding-top: 1mm; }
.verification { position: absolute; right: 20mm; bottom: 18mm; width: 110mm; text-align: left; font-size: 8.5pt; }
.verification .qr-code { float: left; width: 30mm; height: 30mm; margin-right: 4mm; }
.verification p { margin: 0; padding-top: 8mm; overflow-wrap: anywhere; }
"""
