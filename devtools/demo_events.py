"""Demo events, venues, a course and participants, with their texts in the four site languages.

An event's ``when`` is (days from the day the demo is loaded, start, end) in Polish time; a weekend or a fixed-date
public holiday moves to the next working day. ``registration_opens`` is (days, time), counted the same way, for
an event whose registration opens later. ``fields`` are the same in every language version."""

from datetime import time

EVENT_INDEX = {
    "slug": "wydarzenia",
    "texts": {
        "pl": {
            "title": "Wydarzenia",
            "intro": "<p>Bezpłatne webinary, szkolenia i Dni Otwarte dla pracodawców, szkół, urzędów i cudzoziemców. Wybierz wydarzenie i zapisz się przez formularz na jego stronie.</p>",
        },
        "en": {
            "title": "Events",
            "intro": "<p>Free webinars, training sessions and Open Days for employers, schools, public offices and foreign nationals. Choose an event and register using the form on its page.</p>",
        },
        "uk": {
            "title": "Заходи",
            "intro": "<p>Безкоштовні вебінари, навчання та Дні відкритих дверей для роботодавців, шкіл, установ та іноземців. Оберіть захід і зареєструйтеся через форму на його сторінці.</p>",
        },
        "ru": {
            "title": "Мероприятия",
            "intro": "<p>Бесплатные вебинары, обучения и Дни открытых дверей для работодателей, школ, учреждений и иностранцев. Выберите мероприятие и зарегистрируйтесь через форму на его странице.</p>",
        },
    },
}

COURSE_INDEX = {
    "slug": "kursy",
    "texts": {
        "pl": {
            "title": "Kursy",
            "intro": "<p>Kurs to cykl kilku spotkań. Zapis na kurs obejmuje wszystkie jego spotkania, a po ukończeniu kursu otrzymasz zaświadczenie.</p>",
        },
        "en": {
            "title": "Courses",
            "intro": "<p>A course is a series of sessions. Enrolling in a course registers you for all its sessions, and you receive a certificate when you complete it.</p>",
        },
        "uk": {
            "title": "Курси",
            "intro": "<p>Курс складається з кількох зустрічей. Запис на курс охоплює всі його зустрічі, а після завершення курсу ви отримаєте сертифікат.</p>",
        },
        "ru": {
            "title": "Курсы",
            "intro": "<p>Курс состоит из нескольких встреч. Запись на курс охватывает все его встречи, а после завершения курса вы получите сертификат.</p>",
        },
    },
}

# Street, postal code and city stay in Polish in every language: they are what visitors find on the map.
LOCATIONS = {
    "office": {
        "address": {"street": "ul. Lipowa 14", "postal_code": "20-020", "city": "Lublin"},
        "texts": {
            "pl": {
                "name": "Urząd Wojewódzki – Wydział Spraw Cudzoziemców",
                "room": "sala konferencyjna 012, parter",
                "accessibility_notes": (
                    "Wejście bez schodów od strony dziedzińca (wjazd od ul. Lipowej).\n"
                    "Winda na wszystkie piętra.\n"
                    "Toaleta dla osób z niepełnosprawnościami na parterze (poziom 0).\n"
                    "Pętla indukcyjna przy punkcie informacyjnym w holu głównym."
                ),
            },
            "en": {
                "name": "Voivodeship Office – Department for Foreigners",
                "room": "conference room 012, ground floor",
                "accessibility_notes": (
                    "Step-free entrance from the courtyard (gate on ul. Lipowa).\n"
                    "Lift to all floors.\n"
                    "Accessible toilet on the ground floor (level 0).\n"
                    "Induction loop at the information desk in the main hall."
                ),
            },
            "uk": {
                "name": "Воєводське управління – Відділ у справах іноземців",
                "room": "конференц-зала 012, перший поверх (партер)",
                "accessibility_notes": (
                    "Вхід без сходинок з боку внутрішнього двору (в’їзд з вулиці Lipowa).\n"
                    "Ліфт на всі поверхи.\n"
                    "Туалет для людей з інвалідністю на першому поверсі (рівень 0).\n"
                    "Індукційна петля біля інформаційної стійки в головному холі."
                ),
            },
            "ru": {
                "name": "Воеводское управление – Отдел по делам иностранцев",
                "room": "конференц-зал 012, первый этаж (партер)",
                "accessibility_notes": (
                    "Вход без ступенек со стороны внутреннего двора (въезд с улицы Lipowa).\n"
                    "Лифт на все этажи.\n"
                    "Туалет для людей с инвалидностью на первом этаже (уровень 0).\n"
                    "Индукционная петля у информационной стойки в главном холле."
                ),
            },
        },
    },
    "training-centre": {
        "address": {"street": "ul. Narutowicza 31", "postal_code": "20-016", "city": "Lublin"},
        "texts": {
            "pl": {
                "name": "Centrum Szkoleniowe Urzędu Wojewódzkiego",
                "room": "sala szkoleniowa 0.14, parter",
                "accessibility_notes": (
                    "Wejście z poziomu chodnika, drzwi otwierane automatycznie.\n"
                    "Sala szkoleniowa i toaleta dla osób z niepełnosprawnościami na parterze.\n"
                    "Przenośna pętla indukcyjna – prosimy zaznaczyć tę potrzebę przy zapisie.\n"
                    "Dwa miejsca parkingowe dla osób z niepełnosprawnościami przed budynkiem."
                ),
            },
            "en": {
                "name": "Voivodeship Office Training Centre",
                "room": "training room 0.14, ground floor",
                "accessibility_notes": (
                    "Level entrance from the pavement, automatic doors.\n"
                    "Training room and accessible toilet on the ground floor.\n"
                    "Portable induction loop – please tick this need when you register.\n"
                    "Two accessible parking spaces in front of the building."
                ),
            },
            "uk": {
                "name": "Навчальний центр Воєводського управління",
                "room": "навчальна зала 0.14, перший поверх (партер)",
                "accessibility_notes": (
                    "Вхід на рівні тротуару, двері відчиняються автоматично.\n"
                    "Навчальна зала й туалет для людей з інвалідністю на першому поверсі.\n"
                    "Переносна індукційна петля – будь ласка, позначте цю потребу під час реєстрації.\n"
                    "Два паркомісця для людей з інвалідністю перед будинком."
                ),
            },
            "ru": {
                "name": "Учебный центр Воеводского управления",
                "room": "учебный зал 0.14, первый этаж (партер)",
                "accessibility_notes": (
                    "Вход на уровне тротуара, двери открываются автоматически.\n"
                    "Учебный зал и туалет для людей с инвалидностью на первом этаже.\n"
                    "Переносная индукционная петля – пожалуйста, отметьте эту потребность при регистрации.\n"
                    "Два парковочных места для людей с инвалидностью перед зданием."
                ),
            },
        },
    },
}

EVENTS = {
    "zatrudnianie-cudzoziemcow-krok-po-kroku": {
        "fields": {"kind": "webinar", "format": "online", "audience": "employer", "event_language": "pl", "capacity": 100},
        "when": (5, time(10), time(11, 30)),
        "presenters": [{
            "name": "Marek Zieliński",
            "role": {
                "pl": "inspektor, Wydział Spraw Cudzoziemców",
                "en": "Inspector, Department for Foreigners",
                "uk": "інспектор, Відділ у справах іноземців",
                "ru": "инспектор, Отдел по делам иностранцев",
            },
        }],
        "texts": {
            "pl": {
                "title": "Zatrudnianie cudzoziemców krok po kroku",
                "summary": "Jak legalnie zatrudnić cudzoziemca: jakie są rodzaje zezwoleń na pracę, jakie dokumenty przygotować i ile trwa postępowanie. Omówimy też najczęstsze błędy we wnioskach.",
                "body": "<p>Webinar poprowadzi inspektor Wydziału Spraw Cudzoziemców. Ostatnie pół godziny przeznaczymy na pytania uczestników, które można zadawać na czacie. Zapisane osoby dołączą do webinaru z tej strony.</p>",
            },
            "en": {
                "title": "Employing foreign nationals step by step",
                "summary": "How to employ a foreign national legally: the types of work permit, the documents to prepare and how long the procedure takes. We will also go through the most common mistakes in applications.",
                "body": "<p>The webinar is led by an inspector from the Department for Foreigners. The last half hour is set aside for participants’ questions, which you can ask in the chat. Registered participants join the webinar from this page.</p>",
            },
            "uk": {
                "title": "Працевлаштування іноземців крок за кроком",
                "summary": "Як законно працевлаштувати іноземця: які бувають дозволи на роботу, які документи підготувати і скільки триває процедура. Також розглянемо найпоширеніші помилки в заявах.",
                "body": "<p>Вебінар проведе інспектор Відділу у справах іноземців. Останні пів години відведемо на запитання учасників, які можна ставити в чаті. Зареєстровані учасники приєднуються до вебінару з цієї сторінки.</p>",
            },
            "ru": {
                "title": "Трудоустройство иностранцев шаг за шагом",
                "summary": "Как законно трудоустроить иностранца: какие бывают разрешения на работу, какие документы подготовить и сколько длится процедура. Также разберём самые частые ошибки в заявлениях.",
                "body": "<p>Вебинар проведёт инспектор Отдела по делам иностранцев. Последние полчаса отведём на вопросы участников, которые можно задавать в чате. Зарегистрированные участники подключаются к вебинару с этой страницы.</p>",
            },
        },
    },
    "dzien-otwarty-dla-pracodawcow": {
        "fields": {"kind": "open_day", "format": "in_person", "audience": "employer", "event_language": "pl", "capacity": 40},
        "when": (12, time(10), time(14)),
        "location": "office",
        "texts": {
            "pl": {
                "title": "Dzień Otwarty dla pracodawców",
                "summary": "Przyjdź do urzędu z pytaniami o zatrudnianie cudzoziemców. Urzędnicy wyjaśnią, jak przygotować wniosek, sprawdzą, czy dokumenty są kompletne, i podpowiedzą, co zrobić, gdy sprawa się przedłuża.",
                "body": "<p>Rozmowy odbywają się indywidualnie, w kolejności przybycia. Zapis pomaga nam zaplanować liczbę konsultantów. Weź ze sobą dokumenty firmy i – jeśli masz – kopię złożonego wniosku. W tym dniu nie przyjmujemy nowych wniosków.</p>",
            },
            "en": {
                "title": "Open Day for employers",
                "summary": "Come to the office with your questions about employing foreign nationals. Our staff will explain how to prepare an application, check whether your documents are complete and advise you on what to do if your case is taking a long time.",
                "body": "<p>Consultations are one-to-one, in order of arrival. Registering helps us plan how many consultants we need. Bring your company documents and, if you have one, a copy of the application you have submitted. We do not accept new applications on that day.</p>",
            },
            "uk": {
                "title": "День відкритих дверей для роботодавців",
                "summary": "Приходьте до управління з питаннями щодо працевлаштування іноземців. Працівники пояснять, як підготувати заяву, перевірять, чи повний пакет документів, і підкажуть, що робити, якщо розгляд справи затягується.",
                "body": "<p>Консультації проходять індивідуально, у порядку живої черги. Реєстрація допомагає нам спланувати кількість консультантів. Візьміть із собою документи компанії та, якщо є, копію поданої заяви. У цей день нові заяви не приймаються.</p>",
            },
            "ru": {
                "title": "День открытых дверей для работодателей",
                "summary": "Приходите в управление с вопросами о трудоустройстве иностранцев. Сотрудники объяснят, как подготовить заявление, проверят, полный ли комплект документов, и подскажут, что делать, если рассмотрение дела затягивается.",
                "body": "<p>Консультации проходят индивидуально, в порядке живой очереди. Регистрация помогает нам спланировать количество консультантов. Возьмите с собой документы компании и, если есть, копию поданного заявления. В этот день новые заявления не принимаются.</p>",
            },
        },
    },
    "uczen-z-doswiadczeniem-migracji-w-szkole": {
        "fields": {
            "kind": "training", "format": "in_person", "audience": "educator", "event_language": "pl",
            "capacity": 2, "waiting_list": True,
        },
        "when": (9, time(13), time(16)),
        "location": "training-centre",
        "questions": [{"pl": "Nazwa szkoły", "en": "School name", "uk": "Назва школи", "ru": "Название школы"}],
        "texts": {
            "pl": {
                "title": "Uczeń z doświadczeniem migracji w szkole",
                "summary": "Szkolenie dla nauczycieli, pedagogów i dyrektorów szkół: przyjęcie ucznia z zagranicy, dodatkowa nauka języka polskiego, współpraca z rodzicami, którzy nie mówią po polsku, i wsparcie ucznia w adaptacji.",
                "body": "<p>Szkolenie ma formę warsztatu w małej grupie. Pracujemy na przykładach z polskich szkół i na przygotowanych scenariuszach rozmów z rodzicami. Uczestnicy otrzymają materiały w wersji elektronicznej.</p>",
            },
            "en": {
                "title": "Pupils with a migration background at school",
                "summary": "Training for teachers, school counsellors and head teachers: admitting a pupil from abroad, extra Polish lessons, working with parents who do not speak Polish, and helping the pupil settle in.",
                "body": "<p>The training is a small-group workshop. We work with examples from Polish schools and with prepared scripts for conversations with parents. Participants receive the materials electronically.</p>",
            },
            "uk": {
                "title": "Учень із досвідом міграції в школі",
                "summary": "Навчання для вчителів, педагогів і директорів шкіл: зарахування учня з-за кордону, додаткові уроки польської мови, співпраця з батьками, які не розмовляють польською, та підтримка учня в адаптації.",
                "body": "<p>Навчання проходить у формі практичного заняття в малій групі. Працюємо на прикладах із польських шкіл і на підготовлених сценаріях розмов із батьками. Учасники отримають матеріали в електронному вигляді.</p>",
            },
            "ru": {
                "title": "Ученик с опытом миграции в школе",
                "summary": "Обучение для учителей, педагогов и директоров школ: зачисление ученика из-за границы, дополнительные уроки польского языка, работа с родителями, которые не говорят по-польски, и поддержка ученика в адаптации.",
                "body": "<p>Обучение проходит в формате практического занятия в малой группе. Работаем на примерах из польских школ и на подготовленных сценариях разговоров с родителями. Участники получат материалы в электронном виде.</p>",
            },
        },
    },
    "obsluga-klienta-cudzoziemca-w-urzedzie": {
        # Internal: only accounts the office confirmed as its staff register (the demo admin is one).
        "fields": {"kind": "training", "format": "in_person", "audience": "staff", "restricted_to_audience": True,
                   "event_language": "pl", "capacity": 15},
        "when": (8, time(9), time(13)),
        "location": "training-centre",
        "texts": {
            "pl": {
                "title": "Obsługa klienta cudzoziemca w urzędzie – warsztat",
                "summary": "Warsztat wewnętrzny dla pracowników urzędu, którzy obsługują cudzoziemców: jak mówić prostym językiem, jak pracować z tłumaczem i jak wyjaśnić, czego brakuje we wniosku. Ćwiczymy na przykładach z sal obsługi.",
                "body": "<p>Warsztat prowadzą doświadczeni pracownicy Wydziału Spraw Cudzoziemców. Uczestnicy otrzymają wzory pism i ściągę z najczęściej zadawanymi pytaniami w czterech językach.</p>",
            },
            "en": {
                "title": "Serving foreign nationals at a public office – workshop",
                "summary": "An internal workshop for the office's staff who serve foreign nationals: how to use plain language, how to work with an interpreter and how to explain what is missing from an application. We practise on cases from customer service halls.",
                "body": "<p>The workshop is led by experienced staff of the Department for Foreigners. Participants receive letter templates and a sheet of frequently asked questions in four languages.</p>",
            },
            "uk": {
                "title": "Обслуговування іноземців в установі – практикум",
                "summary": "Внутрішній практикум для працівників управління, які обслуговують іноземців: як говорити простою мовою, як працювати з перекладачем і як пояснити, чого бракує в заяві. Тренуємося на прикладах із залів обслуговування.",
                "body": "<p>Практикум проводять досвідчені працівники Відділу у справах іноземців. Учасники отримають зразки листів і пам’ятку з найчастішими запитаннями чотирма мовами.</p>",
            },
            "ru": {
                "title": "Обслуживание иностранцев в учреждении – практикум",
                "summary": "Внутренний практикум для сотрудников управления, которые обслуживают иностранцев: как говорить простым языком, как работать с переводчиком и как объяснить, чего не хватает в заявлении. Тренируемся на примерах из залов обслуживания.",
                "body": "<p>Практикум проводят опытные сотрудники Отдела по делам иностранцев. Участники получат образцы писем и памятку с самыми частыми вопросами на четырёх языках.</p>",
            },
        },
    },
    "konsultacje-miedzyurzedowe-pobyt-czasowy": {
        "fields": {"kind": "training", "format": "online", "audience": "staff", "event_language": "pl", "capacity": 30},
        "when": (6, time(12), time(13, 30)),
        "texts": {
            "pl": {
                "title": "Konsultacje międzyurzędowe: zezwolenia na pobyt czasowy",
                "summary": "Spotkanie online dla pracowników urzędów wojewódzkich, starostw, urzędów gmin i powiatowych urzędów pracy. Omówimy, jak sprawnie wymieniać informacje w sprawach cudzoziemców, i odpowiemy na pytania o zezwolenia na pobyt czasowy.",
                "body": "<p>Pytania można przesłać wcześniej na adres kontaktowy podany w stopce strony – zbierzemy je i omówimy na początku spotkania. Nie omawiamy spraw indywidualnych z danymi osobowymi.</p>",
            },
            "en": {
                "title": "Inter-office consultation: temporary residence permits",
                "summary": "An online meeting for staff of voivodeship offices, district offices, municipal offices and district labour offices. We will discuss how to exchange information on foreign nationals’ cases efficiently and answer questions about temporary residence permits.",
                "body": "<p>You can send questions in advance to the contact address in the page footer – we will collect them and go through them at the start of the meeting. We do not discuss individual cases involving personal data.</p>",
            },
            "uk": {
                "title": "Міжвідомчі консультації: дозволи на тимчасове проживання",
                "summary": "Онлайн-зустріч для працівників воєводських управлінь, староств, гмінних управлінь і повітових центрів зайнятості. Обговоримо, як ефективно обмінюватися інформацією у справах іноземців, і відповімо на запитання щодо дозволів на тимчасове проживання.",
                "body": "<p>Запитання можна надіслати заздалегідь на контактну адресу, вказану внизу сторінки, – ми зберемо їх і розглянемо на початку зустрічі. Індивідуальні справи з персональними даними не обговорюємо.</p>",
            },
            "ru": {
                "title": "Межведомственные консультации: разрешения на временное проживание",
                "summary": "Онлайн-встреча для сотрудников воеводских управлений, староств, гминных управлений и повятовых бюро труда. Обсудим, как эффективно обмениваться информацией по делам иностранцев, и ответим на вопросы о разрешениях на временное проживание.",
                "body": "<p>Вопросы можно прислать заранее на контактный адрес, указанный внизу страницы, – мы соберём их и разберём в начале встречи. Индивидуальные дела с персональными данными не обсуждаем.</p>",
            },
        },
    },
    "legalizacja-pobytu-webinar-po-ukrainsku": {
        "fields": {
            "kind": "webinar", "format": "online", "audience": "foreign_national", "event_language": "uk", "capacity": 200,
        },
        "when": (10, time(14), time(15, 30)),
        "texts": {
            "pl": {
                "title": "Legalizacja pobytu – webinar w języku ukraińskim",
                "summary": "Webinar po ukraińsku dla cudzoziemców, którzy chcą legalnie zostać w Polsce na dłużej: jak złożyć wniosek o zezwolenie na pobyt czasowy, jakie dokumenty przygotować i jak sprawdzić, na jakim etapie jest sprawa.",
                "body": "<p>Webinar prowadzi konsultantka punktu informacyjnego. Pytania można zadawać na czacie po ukraińsku lub po polsku. Sprawy indywidualne omawiamy w punkcie informacyjnym w urzędzie.</p>",
            },
            "en": {
                "title": "Legalising your stay – webinar in Ukrainian",
                "summary": "A webinar in Ukrainian for foreign nationals who want to stay in Poland legally for longer: how to apply for a temporary residence permit, which documents to prepare and how to check the progress of your case.",
                "body": "<p>The webinar is led by a consultant from the information point. You can ask questions in the chat in Ukrainian or Polish. Individual cases are dealt with at the information point in the office.</p>",
            },
            "uk": {
                "title": "Легалізація перебування – вебінар українською мовою",
                "summary": "Вебінар українською для іноземців, які хочуть законно залишитися в Польщі довше: як подати заяву на дозвіл на тимчасове проживання, які документи підготувати і як дізнатися, на якому етапі ваша справа.",
                "body": "<p>Вебінар проводить консультантка інформаційного пункту. Запитання можна ставити в чаті українською або польською. Індивідуальні справи розглядаємо в інформаційному пункті в управлінні.</p>",
            },
            "ru": {
                "title": "Легализация пребывания – вебинар на украинском языке",
                "summary": "Вебинар на украинском языке для иностранцев, которые хотят законно остаться в Польше дольше: как подать заявление на разрешение на временное проживание, какие документы подготовить и как узнать, на каком этапе ваше дело.",
                "body": "<p>Вебинар проводит консультант информационного пункта. Вопросы можно задавать в чате на украинском или польском языке. Индивидуальные дела рассматриваем в информационном пункте в управлении.</p>",
            },
        },
    },
    "karta-pobytu-od-wniosku-do-odbioru": {
        "fields": {"kind": "webinar", "format": "online", "audience": "everyone", "event_language": "pl", "capacity": 150},
        "when": (-20, time(10), time(11)),
        "texts": {
            "pl": {
                "title": "Karta pobytu – od wniosku do odbioru",
                "summary": "Webinar o tym, co dzieje się z wnioskiem o zezwolenie na pobyt: złożenie odcisków linii papilarnych, wezwania do uzupełnienia dokumentów, decyzja i odbiór karty pobytu.",
                "body": "<p>Dziękujemy za udział. Prezentację wysłaliśmy uczestnikom e-mailem, a kolejny termin webinaru ogłosimy w kalendarzu wydarzeń.</p>",
            },
            "en": {
                "title": "Residence card – from application to collection",
                "summary": "A webinar on what happens to a residence permit application: giving fingerprints, requests to complete missing documents, the decision and collecting the residence card.",
                "body": "<p>Thank you for taking part. We have e-mailed the presentation to participants and will announce the next date in the events calendar.</p>",
            },
            "uk": {
                "title": "Карта побиту – від заяви до отримання",
                "summary": "Вебінар про те, що відбувається із заявою на дозвіл на проживання: здача відбитків пальців, вимоги доповнити документи, рішення та отримання карти побиту.",
                "body": "<p>Дякуємо за участь. Презентацію ми надіслали учасникам електронною поштою, а наступну дату вебінару оголосимо в календарі заходів.</p>",
            },
            "ru": {
                "title": "Карта побыту – от заявления до получения",
                "summary": "Вебинар о том, что происходит с заявлением на разрешение на проживание: сдача отпечатков пальцев, требования дополнить документы, решение и получение карты побыту.",
                "body": "<p>Спасибо за участие. Презентацию мы отправили участникам по электронной почте, а следующую дату вебинара объявим в календаре мероприятий.</p>",
            },
        },
    },
    "dzien-otwarty-dla-szkol": {
        "fields": {"kind": "open_day", "format": "in_person", "audience": "educator", "event_language": "pl", "capacity": 60},
        "when": (30, time(10), time(13)),
        "registration_opens": (3, time(9)),
        "location": "office",
        "texts": {
            "pl": {
                "title": "Dzień Otwarty dla szkół",
                "summary": "Dyrektorzy, nauczyciele i pedagodzy mogą porozmawiać z urzędnikami o sprawach uczniów cudzoziemców i ich rodzin: o dokumentach pobytowych, numerze PESEL i wyjazdach szkolnych za granicę.",
                "body": "<p>Na początek krótkie wystąpienia o legalności pobytu uczniów i ich rodzin, a potem indywidualne rozmowy przy stanowiskach konsultacyjnych. Liczba miejsc jest ograniczona, dlatego prosimy o zapis – najlepiej jedna lub dwie osoby z jednej szkoły.</p>",
            },
            "en": {
                "title": "Open Day for schools",
                "summary": "Head teachers, teachers and school counsellors can talk to our staff about matters concerning foreign pupils and their families: residence documents, the PESEL number and school trips abroad.",
                "body": "<p>The day starts with short talks on the legal stay of pupils and their families, followed by one-to-one conversations at the consultation desks. Places are limited, so please register – ideally one or two people per school.</p>",
            },
            "uk": {
                "title": "День відкритих дверей для шкіл",
                "summary": "Директори, вчителі та педагоги можуть поговорити з працівниками управління про справи учнів-іноземців та їхніх родин: документи на перебування, номер PESEL і шкільні поїздки за кордон.",
                "body": "<p>Спочатку – короткі виступи про законність перебування учнів та їхніх родин, а потім індивідуальні розмови біля консультаційних столів. Кількість місць обмежена, тому просимо реєструватися – бажано одна-дві особи від школи.</p>",
            },
            "ru": {
                "title": "День открытых дверей для школ",
                "summary": "Директора, учителя и педагоги могут поговорить с сотрудниками управления о делах учеников-иностранцев и их семей: документах на пребывание, номере PESEL и школьных поездках за границу.",
                "body": "<p>Сначала – короткие выступления о законности пребывания учеников и их семей, а затем индивидуальные беседы у консультационных столов. Количество мест ограничено, поэтому просим регистрироваться – желательно один-два человека от школы.</p>",
            },
        },
    },
}

COURSE = {
    "slug": "zatrudnianie-cudzoziemcow-kurs-podstawowy",
    "fields": {"audience": "employer", "course_language": "pl", "completion_rule": "all"},
    "texts": {
        "pl": {
            "title": "Zatrudnianie cudzoziemców – kurs podstawowy",
            "summary": "Dwa spotkania online dla pracodawców i pracowników działów kadr, którzy zaczynają zatrudniać cudzoziemców. Po udziale w obu spotkaniach otrzymasz zaświadczenie.",
            "learning_outcomes": "<ul><li>jak ustalić, jakiego zezwolenia potrzebuje zatrudniany cudzoziemiec</li><li>jakie dokumenty przygotować i gdzie złożyć wniosek</li><li>jakie obowiązki ma pracodawca po zatrudnieniu cudzoziemca</li></ul>",
            "description": "<p>Kurs prowadzą inspektorzy Wydziału Spraw Cudzoziemców. Spotkania odbywają się online, w języku polskim. Aby ukończyć kurs, weź udział w obu spotkaniach.</p>",
        },
        "en": {
            "title": "Employing foreign nationals – basic course",
            "summary": "Two online sessions for employers and HR staff who are starting to employ foreign nationals. Attend both sessions to receive a certificate.",
            "learning_outcomes": "<ul><li>how to find out which permit a foreign employee needs</li><li>which documents to prepare and where to submit the application</li><li>what an employer must do after hiring a foreign national</li></ul>",
            "description": "<p>The course is led by inspectors from the Department for Foreigners. Sessions are held online, in Polish. To complete the course, attend both sessions.</p>",
        },
        "uk": {
            "title": "Працевлаштування іноземців – базовий курс",
            "summary": "Дві онлайн-зустрічі для роботодавців і працівників відділів кадрів, які починають працевлаштовувати іноземців. Після участі в обох зустрічах ви отримаєте сертифікат.",
            "learning_outcomes": "<ul><li>як визначити, який дозвіл потрібен працівникові-іноземцю</li><li>які документи підготувати і куди подати заяву</li><li>які обов’язки має роботодавець після працевлаштування іноземця</li></ul>",
            "description": "<p>Курс проводять інспектори Відділу у справах іноземців. Зустрічі відбуваються онлайн польською мовою. Щоб завершити курс, візьміть участь в обох зустрічах.</p>",
        },
        "ru": {
            "title": "Трудоустройство иностранцев – базовый курс",
            "summary": "Две онлайн-встречи для работодателей и сотрудников отделов кадров, которые начинают нанимать иностранцев. После участия в обеих встречах вы получите сертификат.",
            "learning_outcomes": "<ul><li>как определить, какое разрешение нужно работнику-иностранцу</li><li>какие документы подготовить и куда подать заявление</li><li>какие обязанности есть у работодателя после трудоустройства иностранца</li></ul>",
            "description": "<p>Курс проводят инспекторы Отдела по делам иностранцев. Встречи проходят онлайн на польском языке. Чтобы завершить курс, примите участие в обеих встречах.</p>",
        },
    },
    "sessions": {
        "zatrudnianie-cudzoziemcow-kurs-spotkanie-1": {
            "fields": {"kind": "webinar", "format": "online", "audience": "employer", "event_language": "pl", "capacity": 50},
            "when": (7, time(10), time(12)),
            "texts": {
                "pl": {
                    "title": "Kurs podstawowy, spotkanie 1: rodzaje zezwoleń i wniosek",
                    "summary": "Pierwsze spotkanie kursu: jakiego zezwolenia na pracę lub pobyt może potrzebować pracownik, kto składa wniosek i jakie dokumenty trzeba do niego dołączyć.",
                    "body": "<p>To pierwsze z dwóch spotkań kursu. Najwygodniej zapisać się na cały kurs – zapis obejmie oba spotkania.</p>",
                },
                "en": {
                    "title": "Basic course, session 1: types of permit and the application",
                    "summary": "The first session of the course: which work or residence permit an employee may need, who submits the application and which documents must be attached to it.",
                    "body": "<p>This is the first of the course’s two sessions. The easiest way is to enrol in the whole course – your enrolment covers both sessions.</p>",
                },
                "uk": {
                    "title": "Базовий курс, зустріч 1: види дозволів і заява",
                    "summary": "Перша зустріч курсу: який дозвіл на роботу чи проживання може знадобитися працівникові, хто подає заяву і які документи до неї додати.",
                    "body": "<p>Це перша з двох зустрічей курсу. Найзручніше записатися на весь курс – запис охоплює обидві зустрічі.</p>",
                },
                "ru": {
                    "title": "Базовый курс, встреча 1: виды разрешений и заявление",
                    "summary": "Первая встреча курса: какое разрешение на работу или проживание может понадобиться работнику, кто подаёт заявление и какие документы к нему приложить.",
                    "body": "<p>Это первая из двух встреч курса. Удобнее всего записаться на весь курс – запись охватывает обе встречи.</p>",
                },
            },
        },
        "zatrudnianie-cudzoziemcow-kurs-spotkanie-2": {
            "fields": {"kind": "webinar", "format": "online", "audience": "employer", "event_language": "pl", "capacity": 50},
            "when": (14, time(10), time(12)),
            "texts": {
                "pl": {
                    "title": "Kurs podstawowy, spotkanie 2: obowiązki pracodawcy",
                    "summary": "Drugie spotkanie kursu: umowa z cudzoziemcem, zgłoszenie do ubezpieczeń społecznych, obowiązki informacyjne wobec urzędów i przechowywanie dokumentów pracownika.",
                    "body": "<p>To drugie z dwóch spotkań kursu. Na zakończenie omówimy błędy, które najczęściej wychodzą podczas kontroli legalności zatrudnienia.</p>",
                },
                "en": {
                    "title": "Basic course, session 2: the employer’s obligations",
                    "summary": "The second session of the course: the contract with a foreign national, registration for social insurance, reporting duties towards public offices and keeping the employee’s documents.",
                    "body": "<p>This is the second of the course’s two sessions. We will finish with the mistakes most often found during inspections of legal employment.</p>",
                },
                "uk": {
                    "title": "Базовий курс, зустріч 2: обов’язки роботодавця",
                    "summary": "Друга зустріч курсу: договір з іноземцем, реєстрація в системі соціального страхування, обов’язки щодо повідомлення установ і зберігання документів працівника.",
                    "body": "<p>Це друга з двох зустрічей курсу. Наприкінці розглянемо помилки, які найчастіше виявляють під час перевірок законності працевлаштування.</p>",
                },
                "ru": {
                    "title": "Базовый курс, встреча 2: обязанности работодателя",
                    "summary": "Вторая встреча курса: договор с иностранцем, регистрация в системе социального страхования, обязанности по уведомлению учреждений и хранение документов работника.",
                    "body": "<p>Это вторая из двух встреч курса. В конце разберём ошибки, которые чаще всего выявляют при проверках законности трудоустройства.</p>",
                },
            },
        },
    },
    "enrolled": ["pracodawca@example.org"],
}

PARTICIPANT_PASSWORD = "demo-participant-2026"

PARTICIPANTS = [
    {
        "email": "nauczyciel1@example.org", "first_name": "Katarzyna", "last_name": "Wiśniewska",
        "profile": {"audience": "educator", "school": "Szkoła Podstawowa nr 12 w Lublinie", "town": "Lublin", "language": "pl"},
        "note": "educator, seat at the full training",
    },
    {
        "email": "nauczyciel2@example.org", "first_name": "Tomasz", "last_name": "Lewandowski",
        "profile": {"audience": "educator", "school": "Zespół Szkół Ekonomicznych w Świdniku", "town": "Świdnik", "language": "pl"},
        "note": "educator, seat at the full training, asked for an induction loop",
    },
    {
        "email": "nauczyciel3@example.org", "first_name": "Iryna", "last_name": "Bondarenko",
        "profile": {"audience": "educator", "school": "Szkoła Podstawowa nr 5 w Chełmie", "town": "Chełm", "language": "uk"},
        "note": "educator, first on the training's waiting list, e-mails in Ukrainian",
    },
    {
        "email": "pracodawca@example.org", "first_name": "Piotr", "last_name": "Kamiński",
        "profile": {"audience": "employer", "company_name": "Kamiński Transport sp. z o.o.", "nip": "1234563218", "language": "pl"},
        "note": "employer, enrolled in the basic course",
    },
]

# In this order: the training has two seats, so the third person goes on the waiting list.
REGISTRATIONS = [
    {
        "event": "uczen-z-doswiadczeniem-migracji-w-szkole", "participant": "nauczyciel1@example.org",
        "answers": ["Szkoła Podstawowa nr 12 w Lublinie"],
    },
    {
        "event": "uczen-z-doswiadczeniem-migracji-w-szkole", "participant": "nauczyciel2@example.org",
        "answers": ["Zespół Szkół Ekonomicznych w Świdniku"], "access_needs": ["induction_loop"],
    },
    {
        "event": "uczen-z-doswiadczeniem-migracji-w-szkole", "participant": "nauczyciel3@example.org",
        "answers": ["Szkoła Podstawowa nr 5 w Chełmie"],
    },
]

# Re-timed by every `make run` to start ten minutes later, so "Join webinar" can be tried at once.
LIVE_WEBINAR = {
    "slug": "webinar-demonstracyjny",
    "participant": "pracodawca@example.org",
    "fields": {"kind": "webinar", "format": "online", "audience": "everyone", "event_language": "pl", "capacity": 30},
    "minutes_from_now": 10,
    "length_minutes": 60,
    "texts": {
        "pl": {
            "title": "Webinar demonstracyjny: jak działa pokój webinaru",
            "summary": "Krótkie spotkanie, na którym można sprawdzić dołączanie do webinaru z tej strony. Rusza kilka minut po uruchomieniu wersji demonstracyjnej.",
            "body": "<p>Zapisane osoby widzą przycisk „Dołącz do webinaru” od 15 minut przed rozpoczęciem. W wersji demonstracyjnej pokój udostępnia zastępczy serwer BigBlueButton.</p>",
        },
        "en": {
            "title": "Demo webinar: how the webinar room works",
            "summary": "A short session for trying out joining a webinar from this page. It starts a few minutes after the demo is launched.",
            "body": "<p>Registered participants see the “Join webinar” button from 15 minutes before the start. In the demo, the room is provided by a stand-in BigBlueButton server.</p>",
        },
        "uk": {
            "title": "Демонстраційний вебінар: як працює кімната вебінару",
            "summary": "Коротка зустріч, на якій можна перевірити приєднання до вебінару з цієї сторінки. Починається за кілька хвилин після запуску демоверсії.",
            "body": "<p>Зареєстровані учасники бачать кнопку «Приєднатися до вебінару» за 15 хвилин до початку. У демоверсії кімнату надає замінний сервер BigBlueButton.</p>",
        },
        "ru": {
            "title": "Демонстрационный вебинар: как работает комната вебинара",
            "summary": "Короткая встреча, на которой можно проверить подключение к вебинару с этой страницы. Начинается через несколько минут после запуска демоверсии.",
            "body": "<p>Зарегистрированные участники видят кнопку «Подключиться к вебинару» за 15 минут до начала. В демоверсии комнату предоставляет заменяющий сервер BigBlueButton.</p>",
        },
    },
}
