"""Texts of the demo pages in the four site languages."""

HOME = {
    "pl": {
        "title": "Szkolenia i webinary dla pracodawców, szkół i urzędów",
        "intro": "<p>Punkt informacyjny dla cudzoziemców prowadzi bezpłatne szkolenia, webinary i Dni Otwarte o legalizacji pobytu i pracy cudzoziemców.</p>",
        "body": "<p>Załóż konto, aby zapisywać się na wydarzenia, dołączać do webinarów i otrzymywać zaświadczenia o ukończeniu szkolenia.</p>",
    },
    "en": {
        "title": "Training and webinars for employers, schools and public offices",
        "intro": "<p>The information point for foreign nationals runs free trainings, webinars and Open Days on legalising the stay and work of foreigners.</p>",
        "body": "<p>Create an account to register for events, join webinars and receive certificates of completion.</p>",
    },
    "uk": {
        "title": "Навчання та вебінари для роботодавців, шкіл і установ",
        "intro": "<p>Інформаційний пункт для іноземців проводить безкоштовні навчання, вебінари та Дні відкритих дверей щодо легалізації перебування та роботи іноземців.</p>",
        "body": "<p>Створіть обліковий запис, щоб реєструватися на заходи, приєднуватися до вебінарів і отримувати сертифікати про завершення навчання.</p>",
    },
    "ru": {
        "title": "Обучение и вебинары для работодателей, школ и учреждений",
        "intro": "<p>Информационный пункт для иностранцев проводит бесплатные обучения, вебинары и Дни открытых дверей по легализации пребывания и работы иностранцев.</p>",
        "body": "<p>Создайте учётную запись, чтобы регистрироваться на мероприятия, подключаться к вебинарам и получать сертификаты о прохождении обучения.</p>",
    },
}

PAGES = {
    "about": {
        "pl": {
            "title": "O programie",
            "intro": "<p>Program ma poprawić jakość i szybkość obsługi cudzoziemców oraz dostępność informacji.</p>",
            "body": "<p>Szkolimy pracodawców zatrudniających cudzoziemców, nauczycieli i pedagogów ze szkół oraz pracowników urzędów.</p>",
        },
        "en": {
            "title": "About the programme",
            "intro": "<p>The programme aims at better and faster service for foreign nationals and more accessible information.</p>",
            "body": "<p>We train employers who hire foreigners, teachers and educators from schools, and public-office staff.</p>",
        },
        "uk": {
            "title": "Про програму",
            "intro": "<p>Мета програми — якісніше та швидше обслуговування іноземців і доступніша інформація.</p>",
            "body": "<p>Ми навчаємо роботодавців, які працевлаштовують іноземців, учителів і педагогів зі шкіл, а також працівників установ.</p>",
        },
        "ru": {
            "title": "О программе",
            "intro": "<p>Цель программы — более качественное и быстрое обслуживание иностранцев и более доступная информация.</p>",
            "body": "<p>Мы обучаем работодателей, нанимающих иностранцев, учителей и педагогов из школ, а также сотрудников учреждений.</p>",
        },
    },
    "privacy": {
        "pl": {
            "title": "Informacja o przetwarzaniu danych osobowych",
            "intro": "<p>Administratorem danych jest urząd prowadzący punkt informacyjny (dane demonstracyjne).</p>",
            "body": "<p>Przetwarzamy adres e-mail, imię i nazwisko oraz dane profilu, aby prowadzić konto, zapisy na wydarzenia i wydawać zaświadczenia. Masz prawo dostępu do danych, ich sprostowania i usunięcia.</p>",
        },
        "en": {
            "title": "Privacy notice",
            "intro": "<p>The data controller is the office running the information point (demo data).</p>",
            "body": "<p>We process your e-mail address, name and profile data to run your account, event registrations and certificates. You have the right to access, correct and erase your data.</p>",
        },
        "uk": {
            "title": "Інформація про обробку персональних даних",
            "intro": "<p>Адміністратором даних є установа, що веде інформаційний пункт (демонстраційні дані).</p>",
            "body": "<p>Ми обробляємо адресу електронної пошти, ім’я та прізвище і дані профілю, щоб вести обліковий запис, реєстрації на заходи та видавати сертифікати. Ви маєте право на доступ до даних, їх виправлення та видалення.</p>",
        },
        "ru": {
            "title": "Информация об обработке персональных данных",
            "intro": "<p>Администратором данных является учреждение, ведущее информационный пункт (демонстрационные данные).</p>",
            "body": "<p>Мы обрабатываем адрес электронной почты, имя и фамилию и данные профиля, чтобы вести учётную запись, регистрации на мероприятия и выдавать сертификаты. Вы имеете право на доступ к данным, их исправление и удаление.</p>",
        },
    },
    "accessibility": {
        "pl": {
            "title": "Deklaracja dostępności",
            "intro": "<p>Urząd zobowiązuje się zapewnić dostępność serwisu zgodnie z ustawą o dostępności cyfrowej (WCAG 2.1 AA).</p>",
            "body": "<p>Serwis można obsługiwać klawiaturą, działa przy powiększeniu i na wąskich ekranach. Problemy z dostępnością prosimy zgłaszać na adres kontaktowy podany w stopce.</p>",
        },
        "en": {
            "title": "Accessibility statement",
            "intro": "<p>The office is committed to making this site accessible under the Polish digital accessibility act (WCAG 2.1 AA).</p>",
            "body": "<p>The site works with a keyboard, with zoom and on narrow screens. Please report accessibility problems to the contact address in the footer.</p>",
        },
        "uk": {
            "title": "Декларація доступності",
            "intro": "<p>Установа зобов’язується забезпечити доступність сайту відповідно до закону про цифрову доступність (WCAG 2.1 AA).</p>",
            "body": "<p>Сайтом можна користуватися за допомогою клавіатури, він працює при збільшенні та на вузьких екранах. Про проблеми з доступністю повідомляйте на контактну адресу, зазначену внизу сторінки.</p>",
        },
        "ru": {
            "title": "Декларация доступности",
            "intro": "<p>Учреждение обязуется обеспечить доступность сайта в соответствии с законом о цифровой доступности (WCAG 2.1 AA).</p>",
            "body": "<p>Сайтом можно пользоваться с клавиатуры, он работает при увеличении и на узких экранах. О проблемах с доступностью сообщайте на контактный адрес, указанный внизу страницы.</p>",
        },
    },
}
